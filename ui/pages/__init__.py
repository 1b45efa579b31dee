"""The screens behind the sidebar entries."""
