"""The action ids our buttons carry: the contract between the builders and the Slack listeners."""

ROLE_DIFF_CHOICE = "role_diff_choice"
"""A "did you mean" choice for /role-diff; the value is the request text to run."""
SHARE_IN_CHANNEL = "share_in_channel"
"""Posts an ephemeral answer for the whole channel; the value names what to re-render."""
ANSWER_TARGET = "answer_target"
"""A "did you mean" or related-question button on an answer; the value is an answer target key."""
