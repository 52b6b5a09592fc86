"""Reproducible benchmark of the desktop app (Qt, offscreen); prints a Markdown table.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_gui.py [--sizes 10000,100000] [--out benchmarks/out]
                                             [--samples 5] [--search-repeat 3]

It reuses :mod:`bench_core`'s corpora, search words and vaults (built with the
app's default KDF and cached under ``--out``; a missing one is built first)
and measures, for each size N:

1. cold start: ``python -m therapy_journal --vault DIR --verbose`` from spawn to
   the stderr line "unlock window shown" (then the process is killed);
2. unlock: in a fresh process per sample, ``App.start()``, the passphrase typed
   into the unlock window and ``unlock()`` called, until the main window's list
   holds all N rows and the window has been painted (``grab()``), which reads
   the visible rows from the vault; "beyond its own KDF" subtracts that unlock's
   Argon2id derivation, timed in the same process, and "beyond the KDF of a
   separate process" the KDF measured on its own with ``bench_core.measure_unlock``;
3. search while typing: in the same processes, a word typed into the search
   field; from the debounce timer firing to the results in the model and the
   window painted again, for the most common word and a 3-letter prefix;
4. peak memory: ``ru_maxrss`` of those processes after unlock, the searches and
   scrolling the list to the bottom;
5. the first visit of each area: from asking for it (the sidebar) until it is
   built, its data read (no background task left) and the window painted;
6. typing a paragraph into a new journal entry at a fast typist's pace (a key
   every 40 ms, autosave and the list's refresh included): the longest gap
   between two turns of the event loop, recorded by a ``QTimer(0)`` that fires
   on every turn, is the longest the UI thread was stalled;
7. the Progress charts for a year and for all time.

Every measuring process runs with ``QT_QPA_PLATFORM=offscreen`` and its own
empty config folder, so the user's settings are neither read nor written. The
table goes to stdout and ``OUT/results_gui.md``; raw samples to
``OUT/results_gui.json``.

The measuring processes are started by this one, which stays small (it never
derives a key or opens a vault): Linux carries a parent's peak RSS over into a
child's ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import (
    PASSPHRASE,
    TARGET_SIZE,
    WARMUP,
    Row,
    Words,
    base_parser,
    cli_path,
    ensure_corpus,
    ensure_vault,
    ensure_words,
    format_value,
    log,
    machine_info,
    measure_unlock,
    ms_limit,
    value_of,
    write_atomically,
)
from therapy_journal.store.vault import Vault

SHOWN = "unlock window shown"
VISITED = ("prompts", "goals", "contacts", "checkins", "profile", "share", "trash", "progress")
PARAGRAPH = (
    "Today I finally called the practice and asked about a first consultation. My hands "
    "were shaking a little, but the person on the phone was kind and patient, and we "
    "found a time next week. I wrote down my questions so I will not forget them: how "
    "they work with anxiety, whether they offer evening sessions, and what it costs. "
    "Afterwards I went for a walk and felt lighter than I have in a while."
)
KEY_EVERY_MS = 40
KDF_REPEAT = 5
TIMEOUT_S = 120.0


# --- the measuring processes -------------------------------------------------------


def measuring_env(config: Path) -> dict[str, str]:
    """Offscreen Qt, a private config folder, no therapy-journal variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THERAPY_JOURNAL_")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    return env


def cold_start(folder: Path, env: dict[str, str]) -> float:
    """Seconds from spawning the app to its "unlock window shown" line on stderr."""
    argv = [sys.executable, "-m", "therapy_journal", "--vault", str(folder), "--verbose"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen = b""
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stderr, selectors.EVENT_READ)
            while SHOWN.encode() not in seen:
                left = start + TIMEOUT_S - time.perf_counter()
                if left <= 0 or not selector.select(left):
                    sys.exit(f"no {SHOWN!r} within {TIMEOUT_S:.0f} s:\n{seen.decode()}")
                chunk = os.read(proc.stderr.fileno(), 65536)
                if not chunk:
                    sys.exit(f"the app exited before {SHOWN!r}:\n{seen.decode()}")
                seen += chunk
        return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()


def worker(mode: str, folder: Path, env: dict[str, str], extra: list[str]) -> dict[str, Any]:
    """Run this script as a measuring process; its last stdout line is JSON."""
    argv = [sys.executable, __file__, "--worker", mode, "--vault", str(folder), *extra]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"the {mode} worker failed ({done.returncode}):\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def kdf_worker(folder: Path) -> dict[str, Any]:
    return measure_unlock(folder, KDF_REPEAT)


def maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class GuiRun:
    """One fresh app in this process (imports Qt only when a worker needs it)."""

    def __init__(self, folder: Path, entries: int) -> None:
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        from therapy_journal.gui.app import App, make_qapplication  # noqa: PLC0415
        from therapy_journal.gui.settings import AppSettings  # noqa: PLC0415

        self.entries = entries
        self.qapp = make_qapplication([sys.argv[0]])
        self.wake = QTimer()  # wakes spin_until's loop now and then to check the deadline
        self.wake.start(50)
        self.app = App(self.qapp, folder, settings=AppSettings(), kdf=None)
        self.vault_unlock: list[float] = []  # Vault.unlock as the window calls it
        self.kdf_here: list[float] = []  # each Argon2id derivation in this process
        self.fired: list[float] = []  # the debounce timer's timeouts
        self.loaded: list[float] = []  # the list's count_changed (rows or hits applied)
        self.rss_kib: dict[str, int] = {}

    def spin_until(self, condition: Callable[[], bool]) -> float:
        """Run the event loop (sleeping while idle) until ``condition``; the time then."""
        from PySide6.QtCore import QEventLoop  # noqa: PLC0415

        flags = QEventLoop.ProcessEventsFlag.AllEvents
        flags |= QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        deadline = time.perf_counter() + TIMEOUT_S
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the app did not get there in time")
            self.qapp.processEvents(flags)
        return time.perf_counter()

    def _time_vault_unlock(self) -> None:
        vault = self.app.vault
        real_unlock = vault.unlock

        def timed_unlock(passphrase: str) -> None:
            start = time.perf_counter()
            try:
                real_unlock(passphrase)
            finally:
                self.vault_unlock.append(time.perf_counter() - start)

        vault.unlock = timed_unlock  # type: ignore[method-assign]

    def _time_kdf(self) -> None:
        """Time every Argon2id derivation of this process, on whichever thread runs it."""
        from therapy_journal.store.keyfile import KdfParams  # noqa: PLC0415

        real_derive = KdfParams.derive
        timings = self.kdf_here

        def timed_derive(params: Any, passphrase: str, salt: bytes) -> bytearray:
            start = time.perf_counter()
            try:
                return real_derive(params, passphrase, salt)
            finally:
                timings.append(time.perf_counter() - start)

        KdfParams.derive = timed_derive  # type: ignore[method-assign]

    def unlock(self) -> dict[str, float]:
        """2. From ``unlock()`` to the first page painted, and to all N ids in the model."""
        self.app.start()
        window = self.app.unlock_window
        assert window is not None
        self.qapp.processEvents()
        self.rss_kib["unlock_window"] = maxrss_kib()
        self._time_vault_unlock()
        self._time_kdf()
        window.passphrase.setText(PASSPHRASE)
        start = time.perf_counter()
        window.unlock()
        self.spin_until(lambda: self.app.main_window is not None)
        model = self.area.model
        # The list shows a first page before every id is read (issue 20).
        self.spin_until(lambda: model.rowCount() > 0)
        self.main.grab()
        painted_at = time.perf_counter()
        if model.summary(0) is None:
            raise AssertionError("the first row was not read")
        if len(self.kdf_here) != 1:
            raise AssertionError(f"the unlock derived {len(self.kdf_here)} keys, not one")
        rows_at = self.spin_until(lambda: model.rowCount() == self.entries)
        self.rss_kib["first_page"] = maxrss_kib()
        return {
            "unlock_total": painted_at - start,
            "unlock_rows": rows_at - start,
            "unlock_vault": self.vault_unlock[0],
            "unlock_kdf": self.kdf_here[0],
        }

    @property
    def main(self) -> Any:
        assert self.app.main_window is not None
        return self.app.main_window

    @property
    def area(self) -> Any:
        return self.main.journal

    def type_text(self, text: str, *, searching: bool) -> tuple[float, float]:
        """Set the search field; wait for the debounce, the results and a paint.

        Seconds from the debounce firing to the rows in the model, and to painted.
        """
        area, before = self.area, len(self.loaded)
        area.search.setText(text)
        self.spin_until(
            lambda: (
                len(self.loaded) > before
                and area.model.searching == searching
                and area.model.rowCount() > 0
            )
        )
        self.main.grab()
        end = time.perf_counter()
        return self.loaded[-1] - self.fired[-1], end - self.fired[-1]

    def searches(self, queries: list[str], repeat: int) -> dict[str, list[float]]:
        """3. Each query typed ``repeat`` times (after a warm-up), each from the whole list."""
        area = self.area
        # The mark goes before refresh(), which starts the search.
        area.debounce.timeout.disconnect(area.refresh)
        area.debounce.timeout.connect(lambda: self.fired.append(time.perf_counter()))
        area.debounce.timeout.connect(area.refresh)
        area.count_changed.connect(lambda _count: self.loaded.append(time.perf_counter()))
        result: dict[str, list[float]] = {}
        for key, text in zip(("search_common", "search_prefix"), queries, strict=True):
            for run in range(WARMUP + repeat):
                fetched, total = self.type_text(text, searching=True)
                if run >= WARMUP:
                    result.setdefault(key, []).append(total)
                    result.setdefault(key + "_rows", []).append(fetched)
                    result.setdefault(key + "_hits", []).append(area.model.rowCount())
                self.type_text("", searching=False)  # back to the whole list
        if area.model.rowCount() != self.entries:
            raise AssertionError("the list did not come back after the searches")
        return result

    def scroll_to_bottom(self) -> None:
        """4. The list scrolled to its last row and painted there."""
        self.area.view.scrollToBottom()
        self.qapp.processEvents()
        self.main.grab()
        if self.area.model.summary(self.entries - 1) is None:
            raise AssertionError("the last row was not read")
        self.rss_kib["peak"] = maxrss_kib()

    def visit_areas(self) -> dict[str, float]:
        """5. Each area's first visit: built, its data read, and the window painted."""
        result: dict[str, float] = {}
        tasks = self.app.tasks
        for key in VISITED:
            start = time.perf_counter()
            self.main.open_area(key)
            self.spin_until(lambda: not tasks.busy)
            self.main.grab()
            result[f"visit_{key}"] = time.perf_counter() - start
        self.main.open_area("journal")
        self.spin_until(lambda: not tasks.busy)
        return result

    def typing_stall(self) -> dict[str, float]:
        """6. The longest gap between event-loop turns while a paragraph is typed."""
        from PySide6.QtCore import Qt, QTimer  # noqa: PLC0415
        from PySide6.QtTest import QTest  # noqa: PLC0415

        self.main.new_entry()
        body = self.area.editor.body
        body.setFocus()
        turns: list[float] = []
        ticker = QTimer()
        ticker.setInterval(0)
        ticker.timeout.connect(lambda: turns.append(time.perf_counter()))
        keys = iter(PARAGRAPH)
        typist = QTimer()
        typist.setInterval(KEY_EVERY_MS)
        typed: list[str] = []

        def next_key() -> None:
            char = next(keys, None)
            if char is None:
                typist.stop()
                return
            QTest.keyClick(body, char if char != " " else Qt.Key.Key_Space)
            typed.append(char)

        typist.timeout.connect(next_key)
        ticker.start()
        typist.start()
        self.spin_until(lambda: not typist.isActive())
        editor = self.area.editor
        self.spin_until(lambda: not editor.dirty and not self.app.tasks.busy)  # saved
        ticker.stop()
        if body.toPlainText() != PARAGRAPH:
            raise AssertionError("the paragraph was not typed as it is")
        # The cached vault keeps its N entries for the next process.
        typed_id = editor.entry_id
        assert typed_id is not None
        journal = self.app.session.journal
        journal.move_to_trash(typed_id)
        journal.purge(typed_id)
        gaps = [later - earlier for earlier, later in itertools.pairwise(turns)]
        return {"typing_stall": max(gaps), "typing_turns": float(len(turns))}

    def progress_charts(self) -> dict[str, float]:
        """5. The Progress area: a year, then everything, read and drawn."""
        from therapy_journal.services.progress import ProgressService, Span  # noqa: PLC0415

        # The corpus ends before today: the spans end on its last day, so "a
        # year" is a year of daily data.
        last_day = ProgressService(self.app.session.vault).streaks().last_day
        area = self.main.area("progress")
        area.today = lambda: last_day
        self.main.open_area("progress")
        # The load on opening, ending on that day. The area was visited before
        # (5.), its data read for today: waiting only for some data measured a
        # year beside the opening's read still running, both reading the
        # streaks of the new day (two walks over every day of the journal).
        self.spin_until(
            lambda: area.data is not None and area.data.end == last_day and not self.app.tasks.busy
        )
        result: dict[str, float] = {}
        for key, span in (("progress_year", Span.YEAR), ("progress_all", Span.ALL)):
            before = area.data
            start = time.perf_counter()
            area.span.setCurrentIndex(area.span.findData(span))
            self.spin_until(lambda: area.data is not before and area.data.span is span)  # noqa: B023
            self.main.grab()
            result[key] = time.perf_counter() - start
        return result

    def close(self) -> None:
        self.wake.stop()
        self.app.lock()


def gui_worker(folder: Path, entries: int, queries: list[str], repeat: int) -> dict[str, Any]:
    """Unlock to the first page, searches while typing, then memory, in one fresh app."""
    run = GuiRun(folder, entries)
    result: dict[str, Any] = dict(run.unlock())
    result.update(run.searches(queries, repeat))
    run.scroll_to_bottom()
    result.update(run.visit_areas())
    result.update(run.typing_stall())
    result.update(run.progress_charts())
    result["rss_kib"] = run.rss_kib
    run.close()
    return result


# --- per size ------------------------------------------------------------------------


def typed_queries(words: Words) -> list[str]:
    """What a person types: the most common word, and the prefix without its ``*``
    (the search field treats the last word as a prefix)."""
    return [words.common, words.prefix.rstrip("*")]


def measure_size(
    n: int, out: Path, cli: Path, env: dict[str, str], *, samples: int, repeat: int
) -> dict[str, Any]:
    corpus = ensure_corpus(n, out)
    words = ensure_words(n, corpus, out)
    ensure_vault(n, corpus, out, cli)
    folder = out / f"vault-{n}"

    log(f"{n:,} entries: cold start to the unlock window")
    starts = [cold_start(folder, env) for _ in range(WARMUP + samples)][WARMUP:]

    log(f"{n:,} entries: KDF alone")
    kdf = worker("kdf", folder, env, [])

    log(f"{n:,} entries: unlock, searches and memory ({WARMUP} + {samples} processes)")
    extra = ["--entries", str(n), "--queries", json.dumps(typed_queries(words))]
    extra += ["--search-repeat", str(repeat)]
    runs = [worker("gui", folder, env, extra) for _ in range(WARMUP + samples)][WARMUP:]

    kdf_median = statistics.median(kdf["kdf"])
    collected: dict[str, list[float]] = {
        "cold_start": starts,
        "kdf": kdf["kdf"],
        "kdf_cpu": kdf["kdf_cpu"],
        "unlock_open": kdf["unlock_open"],
        "unlock_total": [r["unlock_total"] for r in runs],
        "unlock_rows": [r["unlock_rows"] for r in runs],
        "unlock_vault": [r["unlock_vault"] for r in runs],
        "unlock_beyond_kdf": [r["unlock_total"] - kdf_median for r in runs],
        "unlock_rows_beyond_kdf": [r["unlock_rows"] - kdf_median for r in runs],
        "unlock_beyond_vault": [r["unlock_total"] - r["unlock_vault"] for r in runs],
        "unlock_kdf": [r["unlock_kdf"] for r in runs],
        "unlock_beyond_own_kdf": [r["unlock_total"] - r["unlock_kdf"] for r in runs],
        "unlock_rows_beyond_own_kdf": [r["unlock_rows"] - r["unlock_kdf"] for r in runs],
    }
    for key in ("search_common", "search_prefix"):
        for suffix in ("", "_rows"):
            collected[key + suffix] = [x for r in runs for x in r[key + suffix]]
    for key in ("progress_year", "progress_all", "typing_stall"):
        collected[key] = [r[key] for r in runs]
    for area in VISITED:
        collected[f"visit_{area}"] = [r[f"visit_{area}"] for r in runs]
    hits = {key: runs[0][key + "_hits"][0] for key in ("search_common", "search_prefix")}
    memory = {
        "peak": max(r["rss_kib"]["peak"] for r in runs),
        "first_page": max(r["rss_kib"]["first_page"] for r in runs),
        "unlock_window": max(r["rss_kib"]["unlock_window"] for r in runs),
    }
    return {
        "typed": typed_queries(words),
        "hits": hits,
        "samples": collected,
        "peak_memory_kib": memory,
    }


# --- report --------------------------------------------------------------------------

MB_KIB = 300 * 1000 * 1000 / 1024  # 300 MB in KiB


def rows_for(typed: list[str]) -> list[Row]:
    common, prefix = typed
    return [
        Row("cold_start", "cold start to the unlock window (whole process)", "s", "< 0.5 s",
            ms_limit(500)),
        Row("kdf", "unlock: KDF alone (separate process, as in bench_core)", "s"),
        Row("kdf_cpu", "unlock: KDF alone, CPU time of all its threads", "s"),
        Row("unlock_kdf", "unlock: the KDF of that unlock (timed in the same process)", "s"),
        Row("unlock_total", "unlock → first page painted (incl. KDF)", "s"),
        Row("unlock_beyond_own_kdf", "unlock → first page painted, beyond its own KDF", "s",
            "< 150 ms", ms_limit(150)),
        Row("unlock_beyond_kdf",
            "unlock → first page painted, beyond the KDF of a separate process", "s"),
        Row("unlock_rows", "unlock → all N ids in the list model (incl. KDF)", "s"),
        Row("unlock_rows_beyond_own_kdf",
            "unlock → all N ids in the list model, beyond its own KDF", "s"),
        Row("unlock_rows_beyond_kdf",
            "unlock → all N ids in the list model, beyond the KDF of a separate process", "s"),
        Row("unlock_beyond_vault", "unlock → first page painted, beyond `Vault.unlock`", "s"),
        Row("search_common", f"search `{common}`: debounce fired → results painted", "s",
            "< 100 ms", ms_limit(100)),
        Row("search_common_rows", f"search `{common}`: debounce fired → hits in the model", "s"),
        Row("search_prefix", f"search `{prefix}` (prefix): debounce fired → results painted",
            "s", "< 100 ms", ms_limit(100)),
        Row("search_prefix_rows", f"search `{prefix}`: debounce fired → hits in the model", "s"),
        *(Row(f"visit_{key}", f"first visit of {key}: built, read and painted", "s",
              "< 150 ms", ms_limit(150)) for key in VISITED),
        Row("typing_stall", "typing a paragraph: longest UI-thread stall (event-loop gap)",
            "s", "< 50 ms", ms_limit(50)),
        Row("progress_year", "Progress: a year of charts read (SQL per day) and painted", "s",
            "instant (< 100 ms)", ms_limit(100)),
        Row("progress_all", "Progress: all time, read and painted", "s"),
        Row("unlock_window", "memory at the unlock window (`ru_maxrss`)", "kib"),
        Row("first_page", "memory at the first page (`ru_maxrss`, incl. the KDF's)", "kib"),
        Row("peak", "peak memory: unlocked, searched, scrolled to the bottom", "kib",
            "< 300 MB (286 MiB)", lambda _result: MB_KIB),
    ]  # fmt: skip


def target_cell(row: Row, results: dict[int, dict[str, Any]]) -> str:
    result = results.get(TARGET_SIZE)
    if row.limit is None or result is None:
        return row.target
    verdict = "met" if value_of(result, row) < row.limit(result) else "**missed**"
    return f"{row.target} ({verdict})"


def render_table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    header = ["Measurement", *(f"{n:,}" for n in sizes), "Target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows_for(results[sizes[-1]]["typed"]):
        cells = [format_value(value_of(results[n], row), row.unit) for n in sizes]
        lines.append("| " + " | ".join([row.label, *cells, target_cell(row, results)]) + " |")
    return "\n".join(lines)


NOTES = """\
Notes:
- Every figure runs the real app with `QT_QPA_PLATFORM=offscreen` and an empty config
  folder, on a warm OS cache (one warm-up process is run first and not counted).
- Cold start: median of {samples} runs of `python -m therapy_journal --vault DIR --verbose`,
  from spawn to the stderr line "unlock window shown" (interpreter, imports, Qt, window).
- Unlock: median of {samples} fresh processes (`App.start()`, passphrase set, `unlock()`),
  until the list shows its first rows and `grab()` of the main window has painted them
  (the list reads a screenful first, then every id beside it); "all N ids" runs on
  until the list model holds every id. "Beyond its own KDF" subtracts the Argon2id
  derivation of that same unlock, timed around `KdfParams.derive` in the same process
  (the KDF's speed drifts from one process to the next on a VM); "beyond the KDF of a
  separate process" subtracts the median KDF time of another process
  (`bench_core.measure_unlock`, {kdf_repeat} runs); "beyond `Vault.unlock`" subtracts
  the unlock call (KDF and opening the database) as timed in the same process.
- Search: the word is set into the search field; the time runs from the debounce timer
  firing ({debounce} ms after the last keystroke, not counted) until the hits are in the
  model and `grab()` has painted the window. {repeat} searches per word in each of the
  {samples} processes (after {warmup} warm-up), each from the whole list. The GUI asks for
  up to {limit} hits with snippets; hits found: {hits}.
- First visit: each area in turn, in the same processes, after the searches: from
  `open_area` until no background task is left and `grab()` has painted the window
  (the Progress area's first visit reads the last month).
- Progress: the spans end on the corpus's last day; once the area's opening read of
  that day is done, from choosing the span until its data is shown and `grab()` has
  painted the window (the tab in sight is Mood; the others are drawn when shown).
- Typing: a new entry, then the paragraph below typed into its body with
  `QTest.keyClick`, one key every {key_every} ms ({chars} keys), until it is saved; a
  `QTimer(0)` records every turn of the event loop, and the figure is the longest gap
  between two turns (a key's handling, autosave, the list's refresh, painting).
- Memory: the highest `ru_maxrss` of the {samples} processes; the peak includes the
  Argon2id working memory of the unlock and Qt's own libraries.
- Targets are for {target:,} entries; "met"/"missed" refers to that column. "Well under
  a second" beyond the KDF is checked as < 0.5 s."""


def report(results: dict[int, dict[str, Any]], args: argparse.Namespace, machine: str) -> str:
    from therapy_journal.gui.journal.journal_area import (  # noqa: PLC0415
        SEARCH_DEBOUNCE_MS,
        SEARCH_LIMIT,
    )

    hits = "; ".join(
        f"{n:,} entries: `{a}` {r['hits']['search_common']}, `{b}` {r['hits']['search_prefix']}"
        for n, r in sorted(results.items())
        for a, b in [r["typed"]]
    )
    notes = NOTES.format(
        samples=args.samples,
        kdf_repeat=KDF_REPEAT,
        debounce=SEARCH_DEBOUNCE_MS,
        repeat=args.search_repeat,
        warmup=WARMUP,
        limit=SEARCH_LIMIT,
        hits=hits,
        target=TARGET_SIZE,
        key_every=KEY_EVERY_MS,
        chars=len(PARAGRAPH),
    )
    return "\n\n".join([machine, render_table(results), notes]) + "\n"


def qt_version() -> str:
    import PySide6  # noqa: PLC0415
    from PySide6 import QtCore  # noqa: PLC0415

    return f"PySide6 {PySide6.__version__} (Qt {QtCore.qVersion()}), offscreen platform"


# --- main ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = base_parser(__doc__)
    parser.add_argument("--samples", type=int, default=5, help="processes per figure (median)")
    parser.add_argument(
        "--search-repeat", type=int, default=3, help="timed searches per word in each process"
    )
    # Internal: run as one measuring process.
    parser.add_argument("--worker", choices=("kdf", "gui"), help=argparse.SUPPRESS)
    parser.add_argument("--vault", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--entries", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=json.loads, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_worker(args: argparse.Namespace) -> None:
    if args.worker == "kdf":
        result = kdf_worker(args.vault)
    else:
        result = gui_worker(args.vault, args.entries, args.queries, args.search_repeat)
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip Qt's teardown: nothing is left to save


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        run_worker(args)
        return
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cli = cli_path()
    with tempfile.TemporaryDirectory(prefix="bench-gui-config-") as config:
        env = measuring_env(Path(config))
        results = {
            n: measure_size(n, out, cli, env, samples=args.samples, repeat=args.search_repeat)
            for n in args.sizes
        }
    machine = machine_info(Vault(out / f"vault-{max(args.sizes)}").key_path)
    machine += f" {qt_version()}."
    text = report(results, args, machine)
    print(text)
    write_atomically(out / "results_gui.md", text)
    raw = {
        "machine": machine,
        "samples": args.samples,
        "search_repeat": args.search_repeat,
        "warmup": WARMUP,
        "bench_process_maxrss_kib": maxrss_kib(),
        "sizes": {str(n): results[n] for n in sorted(results)},
    }
    write_atomically(out / "results_gui.json", json.dumps(raw, indent=2))
    log(f"wrote {out / 'results_gui.md'} and {out / 'results_gui.json'}")
    log(f"this process's own peak RSS: {maxrss_kib() / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
