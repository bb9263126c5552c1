"""The stand's dialogs. Each exposes a small `ask(parent, ...)` that returns what the host
decided (or None when they backed out), so the window reads like the host's day."""
