"""Web routes: Slack's endpoint, the survey pages, the health check."""
