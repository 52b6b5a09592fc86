// The libraries the shared page uses, gathered into one global (TJVendor) by
// build_vendor.py. The page's own code (resources/share_page/page.js) uses
// nothing else.
export { Decrypter, armor } from "age-encryption";
export { unzipSync } from "fflate";
export { sha256 } from "@noble/hashes/sha2.js";
export { default as MarkdownIt } from "markdown-it";
