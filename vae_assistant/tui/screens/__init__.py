"""The screens of the assistant, one per module."""
