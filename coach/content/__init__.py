"""The content: loading a content folder, checking it, the compiled snapshot."""
