"""Stage 2, validate: the merchant's files as one typed, checked model, and the dated rule
data (law, customs unions) it is checked against."""
