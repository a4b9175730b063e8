"""Lapor: category → description → location (shared, then kelurahan; or chosen) → photos → summary → report."""

from __future__ import annotations

import io
import logging
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from sigap.channels.conversation.choices import Option, list_reply, page_requested, pick
from sigap.channels.conversation.drafts import PHOTO_DIR
from sigap.channels.conversation.engine import Turn
from sigap.channels.replies import Reply
from sigap.core.errors import ActionError, InvalidInput
from sigap.reports.actions.intake import MAX_PHOTOS
from sigap.reports.models import Category, Report
from sigap.reports.photos import CleanPhoto, clean_photo
from sigap.wilayah.models import Level, Wilayah

log = logging.getLogger(__name__)

MIN_DESCRIPTION = 10
SKIP = "skip"


def _categories() -> list[Option]:
    return [Option(f"cat:{c.code}", c.name) for c in Category.objects.filter(is_active=True).order_by("order", "pk")]


def _places(level: str, parent_code: str | None = None) -> list[Option]:
    places = Wilayah.objects.filter(level=level, is_active=True)
    if parent_code:
        places = places.filter(parent__code=parent_code)
    return [Option(f"{level}:{w.code}", w.name) for w in places.order_by("code")]


def _skippable(options: list[Option], level: str) -> list[Option]:
    return [*options, Option(f"{level}:{SKIP}", _("I don't know"))]


def start(turn: Turn) -> None:
    turn.reset()
    turn.go("lapor_category")
    turn.say(list_reply(_("What is the problem about? Choose a category (or type its number)."), _categories(),
                        button=_("Categories")))


def _choose(turn: Turn, options: list[Option], body: str, button: str) -> Option | None:
    """The picked option, or None after re-showing the list (another page, or an answer we did not understand)."""
    page = page_requested(turn.inbound.reply_id)
    if page is not None:
        turn.say(list_reply(body, options, page=page, button=button))
        return None
    chosen = pick(options, reply_id=turn.inbound.reply_id, text=turn.inbound.text)
    if chosen is None:
        turn.say(list_reply(_("Sorry, I did not understand. %(question)s") % {"question": body}, options,
                            button=button))
    return chosen


def on_category(turn: Turn) -> None:
    chosen = _choose(turn, _categories(), _("What is the problem about? Choose a category."), _("Categories"))
    if chosen is None:
        return
    turn.data["category"] = chosen.id.removeprefix("cat:")
    turn.go("lapor_description")
    turn.say(_("Describe the problem in one message: what happened, exactly where, and since when."))


def on_description(turn: Turn) -> None:
    text = turn.inbound.text.strip() if turn.inbound.kind == "text" else ""
    if len(text) < MIN_DESCRIPTION:
        turn.say(_("Please describe the problem in a few words (at least %(count)d letters).")
                 % {"count": MIN_DESCRIPTION})
        return
    turn.data["description"] = text[:4000]
    turn.go("lapor_location")
    turn.say(Reply(_("Where is it? Share the location (📎 → Location), or choose the kelurahan from a list."),
                   buttons=[{"id": "loc:list", "title": _("Choose kelurahan")[:20]}]))


def on_location(turn: Turn) -> None:
    inbound = turn.inbound
    if inbound.kind == "location" and inbound.lat is not None:
        turn.data.update({"lat": str(inbound.lat), "lng": str(inbound.lng), "address": inbound.place})
        body = _("Location saved. Which kelurahan is it in? Choose the kecamatan first.")
    else:
        if inbound.kind == "text" and inbound.text.strip():
            kelurahan = pick(_places(Level.KELURAHAN), reply_id="", text=inbound.text)
            if kelurahan is not None:
                _kelurahan_chosen(turn, kelurahan)
                return
        body = _("Choose the kecamatan.")
    turn.go("lapor_kecamatan")
    turn.say(list_reply(body, _places(Level.KECAMATAN), button=_("Kecamatan")))


def on_kecamatan(turn: Turn) -> None:
    chosen = _choose(turn, _places(Level.KECAMATAN), _("Choose the kecamatan."), _("Kecamatan"))
    if chosen is None:
        return
    code = chosen.id.split(":", 1)[1]
    turn.data["kecamatan"] = code
    turn.go("lapor_kelurahan")
    turn.say(list_reply(_("Choose the kelurahan."), _places(Level.KELURAHAN, code), button=_("Kelurahan")))


def on_kelurahan(turn: Turn) -> None:
    options = _places(Level.KELURAHAN, turn.data.get("kecamatan"))
    chosen = _choose(turn, options, _("Choose the kelurahan."), _("Kelurahan"))
    if chosen is not None:
        _kelurahan_chosen(turn, chosen)


def _kelurahan_chosen(turn: Turn, chosen: Option) -> None:
    code = chosen.id.split(":", 1)[1]
    turn.data["kelurahan"] = code
    turn.go("lapor_rw")
    turn.say(list_reply(_("Which RW?"), _skippable(_places(Level.RW, code), Level.RW), button="RW"))


def on_rw(turn: Turn) -> None:
    options = _skippable(_places(Level.RW, turn.data.get("kelurahan")), Level.RW)
    chosen = _choose(turn, options, _("Which RW?"), "RW")
    if chosen is None:
        return
    code = chosen.id.split(":", 1)[1]
    if code == SKIP:
        _ask_photo(turn)
        return
    turn.data["rw"] = code
    turn.go("lapor_rt")
    turn.say(list_reply(_("Which RT?"), _skippable(_places(Level.RT, code), Level.RT), button="RT"))


def on_rt(turn: Turn) -> None:
    options = _skippable(_places(Level.RT, turn.data.get("rw")), Level.RT)
    chosen = _choose(turn, options, _("Which RT?"), "RT")
    if chosen is None:
        return
    code = chosen.id.split(":", 1)[1]
    if code != SKIP:
        turn.data["rt"] = code
    _ask_photo(turn)


def _ask_photo(turn: Turn) -> None:
    turn.go("lapor_photo")
    turn.say(Reply(_("Send a photo of the problem if you have one (up to %(count)d), or tap Skip.")
                   % {"count": MAX_PHOTOS}, buttons=[{"id": "photo:done", "title": _("Skip")[:20]}]))


def on_photo(turn: Turn) -> None:
    inbound = turn.inbound
    if inbound.kind == "image" and inbound.media_id:
        try:
            _keep_photo(turn, inbound.media_id)
        except InvalidInput as error:
            turn.say(_("That photo could not be used: %(reason)s Send another or tap Skip.")
                     % {"reason": error.message})
            return
        count = len(turn.data.get("photos", []))
        if count < MAX_PHOTOS:
            turn.say(Reply(_("Photo received (%(count)d of %(max)d). Send another or tap Continue.")
                           % {"count": count, "max": MAX_PHOTOS},
                           buttons=[{"id": "photo:done", "title": _("Continue")[:20]}]))
            return
    elif inbound.reply_id != "photo:done" and inbound.text.strip().lower() not in ("lewati", "lanjut", "skip"):
        turn.say(Reply(_("Send a photo, or tap Skip."), buttons=[{"id": "photo:done", "title": _("Skip")[:20]}]))
        return
    _summary(turn)


def _keep_photo(turn: Turn, media_id: str) -> None:
    from sigap.channels.graph import GraphError, download_media
    from sigap.notifications.transports import TransientError

    try:
        content = download_media(media_id)
    except (GraphError, TransientError) as error:
        log.warning("whatsapp: media %s not downloaded: %s", media_id, error)
        raise InvalidInput(_("we could not download it.")) from error
    photo = clean_photo(io.BytesIO(content))
    name = default_storage.save(f"{PHOTO_DIR}/{photo.content.name}", photo.content)
    turn.data.setdefault("photos", []).append({"name": name, "width": photo.width, "height": photo.height,
                                               "size": photo.size})


def _summary(turn: Turn) -> None:
    data = turn.data
    category = Category.objects.filter(code=data.get("category")).first()
    places = {w.level: w.display_name for w in Wilayah.objects.filter(
        code__in=[data.get(k) for k in ("kelurahan", "rw", "rt") if data.get(k)])}
    where = ", ".join(places[level] for level in (Level.RT, Level.RW, Level.KELURAHAN) if level in places)
    turn.go("lapor_confirm")
    turn.say(Reply(
        _("Please check your report:\nCategory: %(category)s\nWhere: %(where)s\nDescription: %(description)s\n"
          "Photos: %(photos)d\nSend it?") % {
            "category": category.name if category else "-", "where": where or "-",
            "description": data.get("description", ""), "photos": len(data.get("photos", []))},
        buttons=[{"id": "confirm:yes", "title": _("Send")[:20]}, {"id": "menu:cancel", "title": _("Cancel")[:20]}],
    ))


def on_confirm(turn: Turn) -> None:
    if turn.inbound.reply_id != "confirm:yes" and turn.inbound.text.strip().lower() not in ("ya", "kirim", "yes"):
        _summary(turn)
        return
    try:
        report = _submit(turn)
    except ActionError as error:
        turn.say(_("The report could not be sent: %(reason)s") % {"reason": error.message})
        return
    turn.reset()
    turn.say(_("Thank you. Your report has been received with tracking ID %(tracking_id)s. We will tell you here "
               "about every step. To check it later, send the tracking ID.") % {"tracking_id": report.tracking_id})


def _submit(turn: Turn) -> Report:
    from sigap.reports.actions import Client, ReportDraft, file_report

    data, contact = turn.data, turn.contact
    category = Category.objects.filter(code=data.get("category"), is_active=True).first()
    if category is None:
        raise InvalidInput(_("This category is not available."))
    places = {w.code: w for w in Wilayah.objects.filter(
        code__in=[data.get(k) for k in ("kelurahan", "rw", "rt") if data.get(k)])}
    description = str(data.get("description", ""))
    photos = [_stored_photo(item) for item in data.get("photos", [])]
    draft = ReportDraft(
        kind="pengaduan", category=category, title=_title(description), description=description,
        kelurahan=places.get(data.get("kelurahan", "")), rw=places.get(data.get("rw", "")),
        rt=places.get(data.get("rt", "")), address=str(data.get("address", "")),
        lat=Decimal(data["lat"]) if data.get("lat") else None, lng=Decimal(data["lng"]) if data.get("lng") else None,
        reporter_name=contact.name, reporter_phone=contact.phone,
        reporter_whatsapp_id=contact.user_id or contact.wa_id or "", channel="whatsapp",
        photos=[p for p in photos if p is not None],
    )
    # No rate limit (there never was one here): a conversation files one report at a time, after several turns.
    report = file_report(draft, client=Client(), now=turn.now).report
    for item in data.get("photos", []):
        default_storage.delete(item["name"])
    return report


def _stored_photo(item: dict[str, int | str]) -> CleanPhoto | None:
    name = str(item["name"])
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        content = stored.read()
    return CleanPhoto(content=ContentFile(content, name=name.rsplit("/", 1)[-1]), width=int(item["width"]),
                      height=int(item["height"]), size=int(item["size"]))


def _title(description: str) -> str:
    first_line = description.strip().splitlines()[0] if description.strip() else ""
    return first_line if len(first_line) <= 80 else first_line[:77].rstrip() + "…"




HANDLERS = {
    "lapor_category": on_category,
    "lapor_description": on_description,
    "lapor_location": on_location,
    "lapor_kecamatan": on_kecamatan,
    "lapor_kelurahan": on_kelurahan,
    "lapor_rw": on_rw,
    "lapor_rt": on_rt,
    "lapor_photo": on_photo,
    "lapor_confirm": on_confirm,
}
