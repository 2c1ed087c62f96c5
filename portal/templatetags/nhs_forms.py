"""Render Django form fields with NHS.UK design-system markup (no JavaScript needed)."""

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    # CheckboxSelectMultiple subclasses RadioSelect, so it is checked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    return "input"


def first_input_id(bound_field) -> str:
    """The id an error-summary link should jump to."""
    kind = field_kind(bound_field)
    if kind in ("radios", "checkboxes", "multi"):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.simple_tag
def nhs_field(bound_field, label_size="s", other_field=None):
    kind = field_kind(bound_field)
    return render_to_string(
        "components/forms/field.html",
        {
            "field": bound_field,
            "kind": kind,
            "label_size": label_size,
            "other_field": other_field,
            "input_id": first_input_id(bound_field),
            "max_length": getattr(bound_field.field, "max_length", None),
        },
    )


@register.inclusion_tag("components/forms/error_summary.html")
def nhs_error_summary(*forms_):
    """NHS.UK error summary linking each message to its field."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append({"message": message, "href": ""})
        for name, field_errors in form.errors.items():
            if name == "__all__" or name not in form.fields:
                continue
            bound = form[name]
            for message in field_errors:
                errors.append({"message": message, "href": f"#{first_input_id(bound)}"})
    return {"errors": errors}


@register.filter
def form_item(form, name):
    """form|form_item:"q_abc" -> the bound field, or None."""
    if not name or name not in form.fields:
        return None
    return form[name]


@register.filter
def other_of(form, name):
    """The "Other, please specify" companion field of a checkbox question, if any."""
    other = f"{name}_other"
    return form[other] if name and other in form.fields else None


@register.filter
def get_item(mapping, key):
    """mapping|get_item:key -> mapping.get(key)."""
    return mapping.get(key) if mapping else None
