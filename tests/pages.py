"""What a query-count test must see before its count means anything.

A page that fails (404, 500) or renders nothing costs few queries and the same few
whatever the history, so a count alone can pass on a broken page. Each query-count
test therefore also checks the answer is 200 and shows a piece of the history it
grew.
"""


def assert_shows(response, *texts: str) -> str:
    """The response is a 200 that contains every one of `texts`; returns its text."""
    assert response.status_code == 200, (
        f"{response.request.get('PATH_INFO')} answered {response.status_code}, not 200"
    )
    body = response.content.decode()
    missing = [text for text in texts if text not in body]
    main = max(body.find("<main"), 0)
    assert not missing, (
        f"{response.request.get('PATH_INFO')} does not show {missing}:\n{body[main : main + 2000]}"
    )
    return body
