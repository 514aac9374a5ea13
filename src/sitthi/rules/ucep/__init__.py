"""UCEP, "เจ็บป่วยฉุกเฉิน รักษาทุกที่ ดีทุกสิทธิ" (seed 001, seed 004): triage, eligibility, who
pays each charge of an emergency episode, and where the patient goes back to."""
