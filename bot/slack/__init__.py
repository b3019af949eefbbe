"""The Slack front end: a Bolt app over the core and the Block Kit rendering."""
