"""The Journal and Trash areas: the entry list model, the editor, the views."""
