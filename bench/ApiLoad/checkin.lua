-- wrk script: POST /v1/checkins with a fixed body; the bearer token comes from the environment.
wrk.method = "POST"
wrk.body = '{"anxietyLevel":4}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("JOURNAL_TOKEN")
