"""The Prompts area and the prompt of the day."""
