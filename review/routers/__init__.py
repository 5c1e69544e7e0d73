"""The review app's routes, one router per concern: login, queue, report page, fact decisions, static files."""
