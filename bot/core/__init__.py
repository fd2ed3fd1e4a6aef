"""The pure domain core: values in, values out, no Slack, HTTP or database."""
