"""`{% fragment f %}...{% endfragment %}`: the cached part of a page (common.fragments)."""

from django import template
from django.utils.safestring import mark_safe

from common import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        found = self.fragment.resolve(context)
        if not isinstance(found, fragments.Fragment):
            # A view that passed plain context (a test rendering the template alone).
            return self.nodelist.render(context)
        return mark_safe(fragments.render(found, context, self.nodelist))  # noqa: S308


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment f %} takes one Fragment")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
