-- wrk script: POST /v1/journal/entries spread over many users, round-robin over the bearer tokens in
-- JOURNAL_TOKENS (comma-separated): the server's rate of durable, encrypted journal writes.
local tokens = {}
for token in string.gmatch(os.getenv("JOURNAL_TOKENS"), "[^,]+") do tokens[#tokens + 1] = token end
local sent = 0

request = function()
    sent = sent + 1
    local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(sent % #tokens) + 1] }
    return wrk.format("POST", nil, headers, '{"content":"A calm evening walk by the river, then tea with an old friend.","mood":"happy","tags":["walk"]}')
end
