"""allauth's two-factor sign-in (``allauth.mfa``): an authenticator app (TOTP) and recovery codes.

Offered to every staff role, required for the platform operator (``accounts.second_factor``).
One authenticator per person for the whole region: ``allauth.mfa`` is a shared app (public schema).
Security keys (WebAuthn) are off: they would need ``fido2`` and per-host relying parties.
"""

MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The name the authenticator app shows beside the person's e-mail: one entry for every host.
MFA_TOTP_ISSUER = "Методика"
# The code of the previous or the next 30-second step is accepted too: a phone's clock drifts.
MFA_TOTP_TOLERANCE = 1
