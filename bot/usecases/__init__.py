"""The use cases: what a person can ask the bot to do, with the store and Slack behind small ports.

Each front end (the Slack listeners, the terminal client, the clock) turns its request into
a call here and the outcome into its own kind of reply. The use cases know the core (the
knowledge, the matcher, practice and scoring), the rendering and the ports in ports.py;
they know nothing of Bolt, HTTP or how a database is reached.
"""
