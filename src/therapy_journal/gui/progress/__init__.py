"""The Progress area: charts of mood, check-ins, journaling and milestones."""
