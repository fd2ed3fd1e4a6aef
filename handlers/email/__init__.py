"""The e-mail adapter: survey and digest messages over SMTP."""
