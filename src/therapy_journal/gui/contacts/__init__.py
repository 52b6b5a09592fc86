"""The Contacts area: therapists and the search, referral sources, organizations and
the support network."""
