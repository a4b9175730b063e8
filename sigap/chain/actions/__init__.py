"""Every write in the communication chain goes through one of these functions."""

from sigap.chain.actions.announce import (
    acknowledge_delivery,
    check_delivery,
    due_delivery_ids,
    may_announce_from,
    send_announcement,
)
from sigap.chain.actions.people import appoint_head, person_for_whatsapp, register_resident

__all__ = [
    "acknowledge_delivery",
    "appoint_head",
    "check_delivery",
    "due_delivery_ids",
    "may_announce_from",
    "person_for_whatsapp",
    "register_resident",
    "send_announcement",
]
