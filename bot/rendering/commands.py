"""The slash commands the app answers: the contract between the manifest, the listeners and every
text that names a command (help, App Home, the daily question's footer)."""

ROLE_DIFF_COMMAND = "/role-diff"
PRACTICE_COMMAND = "/role-practice"
