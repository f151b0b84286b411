"""Messages to customers during a return (e-mail, SMS, chat) and the merchant's survey link,
from the facts: for the support-team page and ``policysite export notifications``."""
