"""Widgets of the main screen: the referential tree, the conversation, the coverage panel."""
