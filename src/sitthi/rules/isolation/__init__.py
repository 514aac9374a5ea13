"""HI Portal dispatch (seed 000_a3b7e1d5dbe51319.txt): rounds, the offer policy, the green gate."""
