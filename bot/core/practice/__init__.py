"""Daily interview practice without Slack: answer feedback, progress, and (elsewhere) scheduling."""
