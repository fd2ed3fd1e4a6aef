"""Pulse: customer-experience feedback for sales and service teams, in Slack."""
