"""The practice clock: sends each subscribed channel its prompt once per local day.

`clock.tick` does one pass; `clock.run_forever` wakes each minute. Both talk to Slack only
through the small `Sender` protocol in `sender`; `slack_sender.SlackSender` is the real one.
"""
