"""Getting a pulse to the customer: the survey e-mail and the SMTP connection that carries it."""
