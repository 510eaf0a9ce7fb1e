from allauth.account import views as allauth_views

# On a shared phone the next person must not find anything the last one kept: the
# browser's cache (the offline copy of the safety plan) and its storage go with the
# session. The page's own script clears them first; this header covers a browser that
# ran no script.
CLEAR_SITE_DATA = '"cache", "storage"'


def logout(request, *args, **kwargs):
    response = allauth_views.logout(request, *args, **kwargs)
    if request.method == "POST" and not request.user.is_authenticated:
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
