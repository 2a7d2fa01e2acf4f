"""The one transport every adapter uses, whatever library speaks HTTP underneath.

- :mod:`.profiles`: each service's named profile (connect and read timeouts, the deadline for a
  whole answer, how often and how long to retry) and the one place a RetryPolicy is built.
- :mod:`.failures`: which statuses and exceptions are worth another try, and the words for
  them (requests, urllib3 and httpx alike).
- :mod:`.retry`: the retry loop (tenacity) and the breakers; :mod:`.budget`: the run's budget
  per service, made by the orchestrator for each command and passed down.
- :mod:`.sessions`: the requests session (User-Agent, timeouts, deadline, loopback off proxies)
  and its response cache; :mod:`.json_answers`: a JSON service's call, read and checked.
- :mod:`.httpx_client`: the same deadline for the httpx client under ``openai``.
- :mod:`.keys`: the API keys, read from the environment once per run.
"""
