-- wrk script: POST the body in JOURNAL_BODY spread over many users, round-robin over the bearer tokens
-- in JOURNAL_TOKENS (comma-separated), so the figure is the server's write rate, not one user's.
local tokens = {}
for token in string.gmatch(os.getenv("JOURNAL_TOKENS"), "[^,]+") do tokens[#tokens + 1] = token end
local body = os.getenv("JOURNAL_BODY")
local sent = 0

request = function()
    sent = sent + 1
    local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(sent % #tokens) + 1] }
    return wrk.format("POST", nil, headers, body)
end
