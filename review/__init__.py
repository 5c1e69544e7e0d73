"""The review app: reviewers check and correct extracted facts in the browser, and nothing they do is lost.

`highlight` and `views` build what the pages show as data; `decisions` changes
facts (audited, version-checked); `queue` orders reports; `gold` exports
reviewed facts; `app` serves it all with the templates and static files here.
"""
