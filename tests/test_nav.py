from django.urls import reverse

from convener.core.nav import nav_items


def test_every_page_an_app_adds_to_the_menu_resolves():
    for item in nav_items():
        assert reverse(item.url_name, args=["any-initiative"]).startswith("/i/any-initiative/"), (
            item
        )


def test_registered_pages_show_in_the_initiative_menu(cast):
    html = (
        cast.client("viewer")
        .get(reverse("initiatives:home", args=[cast.initiative.slug]))
        .content.decode()
    )
    for item in nav_items():
        assert reverse(item.url_name, args=[cast.initiative.slug]) in html
