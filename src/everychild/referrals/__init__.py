"""The front door: referrals from any agency or the public, identity matching of the
people named, triage, the decision and its sign-off, and feedback to the referrer."""
