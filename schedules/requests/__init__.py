"""The requests room: an employee's own days and requests, office days, acknowledgements,
the calendar feed, and the pages that decide requests and revoke permissions."""
