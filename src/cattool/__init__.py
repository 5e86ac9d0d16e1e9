"""cattool: deadlines and documents for Assets of Community Value."""
