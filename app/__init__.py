"""The composition root: the CLI, the processes, the web app and the job wiring; nothing imports it."""
