"""Controllers: QObjects that own no widgets, one per concern of the stand.

They turn the window's intents (book, seat, move) into calls on the reservation book and
announce what changed with `ChangeFeed.changed(Changes, initiator)`. QtCore only (see DESIGN.md).
"""
