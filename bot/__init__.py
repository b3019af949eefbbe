"""Rolebot: a Slack app that tells project, product, program and technical program management apart."""
