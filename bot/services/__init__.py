"""Services: use cases that combine storage queries and the pure core; they never commit."""
