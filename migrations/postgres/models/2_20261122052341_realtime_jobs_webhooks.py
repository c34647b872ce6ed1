from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "job" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "max_attempts" INT NOT NULL,
    "run_after" TIMESTAMPTZ NOT NULL,
    "locked_at" TIMESTAMPTZ,
    "locked_by" VARCHAR(100),
    "error" TEXT,
    "finished_at" TIMESTAMPTZ,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_job_tenant__69240d" ON "job" ("tenant_id");
CREATE INDEX IF NOT EXISTS "idx_job_status_e98b55" ON "job" ("status", "run_after");
COMMENT ON COLUMN "job"."status" IS 'QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed\nDEAD: dead';
COMMENT ON TABLE "job" IS 'The outbox of durable work: enqueued in the transaction of the change that needs it.';
        CREATE TABLE IF NOT EXISTS "stream_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(32) NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_stream_even_created_ffab62" ON "stream_event" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_stream_even_tenant__9bd092" ON "stream_event" ("tenant_id", "id");
COMMENT ON TABLE "stream_event" IS 'The replay buffer behind the SSE stream: ids increase, so Last-Event-ID can resume in any';
        CREATE TABLE IF NOT EXISTS "webhook" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "events" JSONB NOT NULL,
    "secret" VARCHAR(64) NOT NULL,
    "active" BOOL NOT NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webhook_tenant__d45bcb" ON "webhook" ("tenant_id");
        CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "event" VARCHAR(64) NOT NULL,
    "body" TEXT NOT NULL,
    "response_code" INT,
    "delivered_at" TIMESTAMPTZ,
    "job_id" UUID NOT NULL REFERENCES "job" ("id") ON DELETE CASCADE,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "webhook_id" UUID NOT NULL REFERENCES "webhook" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webhook_del_tenant__1bd989" ON "webhook_delivery" ("tenant_id");
COMMENT ON TABLE "webhook_delivery" IS 'One event sent to one webhook; its status and attempts are those of its job.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "job";
        DROP TABLE IF EXISTS "webhook";
        DROP TABLE IF EXISTS "webhook_delivery";
        DROP TABLE IF EXISTS "stream_event";"""


MODELS_STATE = (
    "eJztXWtz2kjW/itdfNlMleNKcJxkma2twjZJmGCTF+Nkd8dTqgY10LFoMVLLDjVv/vt264"
    "LuQo0lIWn7ixNafYR4+nbOcy76q7PWVaSZp/0N/oy2nR74q0PgGrH/RK6cgA7cbPx23kDh"
    "TLO7wg1WHtxOM5MacE5Z8wJqJmJNKjLnBt5QrBPeuQ/WcL7CBIG5gVREKIbaKRgTbQsguP"
    "3Uf9k9fwv0BaArBEzE+lCATfCANvRXu21joAX+ARaYqKbdYOhPp/yrVX3OvhuTZanfYhH8"
    "p4UUqi8RazbYd/3+B2tm/dAPZHofNw/KAiNNDSGKVX4Du12h243ddnc3vPpg9+S/YKbMdc"
    "1aE7/3ZktXOtl1tyysnnIZfm2JCDIgRWoAbGJpmjssXpPzxKyBGhbaParqN6hoAS2ND1nn"
    "HwuLzPlIAfub+J83/3QfLdBNUW7GU+V2MFWUTmyE+SNEhsNtmuuEzw5MKAfqr5/OfX1A7N"
    "YO/4LLT/3Ji7O3v9gQ6CZdGvZFG67OT1sQUuiI2qD7KLOx5JgokMbRvmJXKF6jZMTDkhHk"
    "VVf01PvPISPgNfhD4C8SD1wPvhIA77AfqPI14I59xgBMh9eD22n/+gv/urVp/qnZ+PWnA3"
    "6la7duI60vnPHS2fp39oXdTcC34fQT4B/Bf8Y3g+io7vpN/9PhzwQtqitEf1KgGpimXquH"
    "Guvpj7r9b2y8L1fQSB5rr39klBlaTRzXNfyhaIgs6Yp9fP3qVcbAfu1P7MXFekVG68a91H"
    "Wu/Qzh6+yHIgj7EsVgvH/3qg7ht3kAjq6GAL5vo/A6R5CyguZKBOOIWAsn89s3OaB++yYV"
    "an4pAvVc5/eIofzb7fgmBeWdRPRMwHMK/h9o2KQNBDoDWI5FaOP3AH1x3f9XFOvL0fgiuq"
    "PzG1xEgNegSRXLPOhojsoWcDi720cDRqNOZ7GHSeZhbKBH/eGgcQ5LylGu8yh76vJsq4hZ"
    "NjHBZxg5zRnfvSaNjyxFBBIqiGpIqEizMQ5plZrX4YhyO3zxkGgjOljF0f2gGwgvyWe0tT"
    "EesieBZJ5kKLjsyHR3o0ai6rf632/Apx13EZ5U7OezH42oo5T2by/7V4NOypZQALZ3Jsqj"
    "v9ZzB9iLbGwTDKHLngLc3I1GHXsWz+D84QkaqhKazvyK3tUjLbu+8Uvr7jraAglc2hjxH8"
    "Mf3cV+pC8x+QCxZhmok8AKhq6fZHGDGu+pLAJd9zKE/L5IBSabLS8xMcEGGYCuDJ1SjSEP"
    "HtAWvIAEwPlctwgFugEgmGsYsf+z44ttAuYvJwCzDsDUsMpFnthkSGIJS/0myRTW4BA4kU"
    "yhZApDZ5TrqMhLsbjdW8dhneViCc8yWMKzOEvobvMJ7MqQ0GR8gyIRkHFRmlV86bwqC+Ml"
    "f4KX3ddv3r15f/b2zXvWxX7KXcu7DNSHN9MIoM5xojBVyThsp0q8QQs3rIZsULkMa02fcw"
    "6EaRxYEybKIrKSQqnbSMfM0uNo+LdMeXWQjyn33qVMvd4MdNqn0aePrdSRpY7c1COnxTry"
    "d4pFdGS3e+t05OKdj+jHBrNhOmA5hSVbuJwasnykA0yOsnTTlOT4skxkCOIZECkXzbosE+"
    "n1qpvXy3IdVdX4u2o6VfeCGlioyZAexw5253KCGezP8nQr2F9S0giWRrA0gttkBMuQcj/g"
    "uZsrpLybEVLejTmLTM1aiuDr9Zc0w16agd+en7cijriQTHWeuO55WRgX7Irb6BqeJ7iO0+"
    "PGfYnq48YDxy7TXk6xnQJHt6eubuN2VJxHPMZxXFiIeU38Kbb2nqBFelp9ug7pmQ/FapC/"
    "B3RTtIZY6/whlUqpVDZD+WivUuksRQGtZyfQQrWye55H82G9UlUf+9rP46ntNWPXK9DaN9"
    "A0n3R2WormKsYEWzihX3ff50L8fQbi76OIG7qWMqEHxFrHyMWwO8mVrTPWnf7V9fCmB6C6"
    "xuSeXA2+DkbjL4NJD6joEWn6Bhn3ZDL4Ohx8440GesToibd5Lc7nziHjVXgiLzYVpsLhx4"
    "QRu9DZYECSokUF5SKjNWOCZQ2Xp1pVqzZdjMej0IF9MZxGML67vhgw7G3oWSfskMVxs4wB"
    "Z1psitizRxz0sGyFwO9aGou8dH9Kf10lqBbhr0snBYJFGOyQxgTS7MKV/PB5gjRI3bjHZL"
    "AD0ZP1OF+fDffPMnmTPj/1IE0JRQ1cPcmsQBXutzfFbEzsik52wtd8BckS8WJQkABEHrGh"
    "kzUi9G8mcI5k8IgMPqQ9uxDUCptUN7bxZLKC7rnfG/h7h6nSyGF2/FvzjwFm4A9J70h6p5"
    "77TJvpnfB6zE3yhMXqbK3VxsfFlHdm3Wr8FBJX+4OSUukXUPrZ6aWLhugFZWSpjwie/CQX"
    "xTMgI2Me44XqHrFumYqrYAlimyIup22Mk7T3T4VCYyk8gZOlJcaSXykX0cO2hMJ2gvZsuJ"
    "K0qjzIfGfyPxPWvnefZk7WvbAGlaP9qLpruyhcv/q3aym84c1wP8BRfap6pOupG+wFOkUR"
    "TakSlqGbFYF4iF1tJ97JOmkOuG3rtgCQ213uLsgB1KrSnXMeJrkevIMyw+uw61Ja6Kb9UD"
    "JyU1L7zVAjWkzty3Sgct8w8cB+WjK++8PcPNnqsGb6mb7eUMGNq/NlMmZzsAcc6XtyOb6Z"
    "Dv41Vb70Lz/3AAOdoh9U2bCT7Z7cfh6ORj1gPmBNuyffxpPPH0bjbz3wpBsPC43N0kNGrv"
    "CAN4ppWnhiCkPlCbRwYXRzLYxuxsLoxhdG8MliOE/ZfEnGOSJW4dI4wmnOF1HoHIllE+3O"
    "ktH45qPXPZpiFAZ+zoBZ6oZQudCgTPsiyov34kJjvsKPKGHnz3ThBsWk/1bAf8v0IfYYcy"
    "qMeFhQYi6AubVRD7QXwpLSXqiLveBhFDAY3Kf3R11/IsLFjIIy0tEU84euNxr70cIe0ZCY"
    "9DJLL7N0iLbAIWrvldXx7jXdU/eiGjxSQqBO2AE3GV5OO4mbbFF+usZuqzmma+hcEXZqBD"
    "CHy2fmnNhQT+GyRfM4yU1fBErtc9GXm57jzaw0D5k76/Y4yRTqdhPKzGFCJ8DUAV1BChZY"
    "o4gDBGZbfoW/rx0S4A4G+K5jAnQCEJsrW8B9NzNoouwsnYLun+jC2/kG+S+XDjzpwGvGJt"
    "NQgzyPA8/dgnL7KWCB1eaOq4GHSdzzPD6K83QXxXnMQyGTGKRRXkNEpVEuo5RroqNHYd0f"
    "pXzEaDjPREpT+QMm1D61PxD1W3SM3G6qEWs9Y41Sx5Y6djM2iRbr2O5ajI14atVhX6C6ks"
    "NlDm3BRYdNtH5MwjOjSvZOQoaf7A8/melqQnhPelCV178VsWtVx1M9QgNzKBJo3PQi2iGh"
    "o9bRnllYo5iYp/xrG10y+ySq2ClMlWI/LckNkT4ycUk5PMUPDzJNpqqL7FEBERn0KR70yW"
    "OwmcUrWt42KteKE6Ls49ekkFoJm06+qH9fusJ5rhpwIRz2fzXpf5j2gC17T4Y3ilPOtgcw"
    "UZx6tvek/+XLZPx1cNXjL2ww9Eek8qq3vw0up7zNQN8RD77kbdPhxGmi2HDCMY+fBiAp4K"
    "ILA1kMEOFKS0EhCalk1UtAVLLqklVvLKse32ELgLXlEYShQyUlhLA0b0VAMbdL6jJ1iYFn"
    "0gSl8RqS7VTnf3OO26V9x4lzw3KY/OMMn2OZR1w3sV9r8IA5pCqJQXa6YQ/PA9rGsXenwm"
    "4M3U726gtXK6ErQ7eWq4RbBBxDiSuVtSvB4dgFuqW6ri4tw2AGWHY96Xinkywn1tzproiW"
    "l56uENAJAq488OXtuLMXNlQnwcLQv/xqF4J2phZgiLKLbBDmyASYxqPYyviCbC9bsEStdL"
    "VJV1szzrgWu9pkqenKaCqZwNm2BeZhlJXA6Z+p4vWuw4KSiZFsoaS2moWorBUs+cLaUDCS"
    "L6wDXxgiAZ4LrUhJ1cbiG1WEZEHmwjHOU5D5iLHkHw1I0surOldP9seRL3cdy4oit1wSHy"
    "0WaC4pLklxNWWjaKgFnofigvasFQpKDIhUH414HP27lLhDdxuMIZ8vMsuXrjO/2OmP7IKq"
    "UNP0J/7i8Zt/83eOk23U3ZKHdczz4vf0177HXvouGRLJkNQcUa4xCeIZEJETVHIjkhupr1"
    "0pxo141pOMpMrCNLD91clQD0cGJUXNREOHMiJmQmE+xVvs0iyXZnkj9oQWm+XylQ9lv/LB"
    "QGzIMBV890BYqn2Fq0qBeq6v15gq5gqKQB2Wah/UJWTaG0z1E8qo9CXaV8mgnF0Dmw+HMn"
    "aebJ136I7N1tlc3fXganh33QNrpGJrfU8+DT9+6oEVXq7uyeVkOB1e9kc9wGQpnkPtED6v"
    "+BTJBia76htEBDXSzvjL4KYHuGT+nNbrweQjb1kjY1mbjFaZgCk52DoiKknD6klDmSpYQa"
    "pg0P7hNRGeWe59Yt+keZpiGtjPrfOep5y+cA7lc6OsGpVCGf2x0QzKpBTVcCJlQo5kNI0y"
    "MdeyuERKh87J5IPdhZNABPtLKp0BNvw+e/Mk+0BFc8yfn5fWh8D9MUA3nM/ObwXub+0B9I"
    "PdTtvaqY/6wk5opE86r9TPYI1nSRZ/e8lI10ABOpGMtGSkQ/qZt8wPNa6D8rVmQFyDemdP"
    "e+a0Z0zXw3Tm7GhiWmp60bqASBvYvsqr1iUpDXnPmkRh+Z7EqEuGqzXCEU8RMUkJSUqoZE"
    "SPnLjYmsUvabbKabajJX/Vc9IWkvuVriUUALNoBa2G4pyoIO2H2zv7JW+8D+CIllR1kblM"
    "Nuw3fdZJoMJ480kWD/bd7ZCvWJhFZ/oPTjqplsHvAJ5046EHEGHjaCEVYOLQUQYkppPj5D"
    "FULollv8OSIKRmFAwr4Uv2E2K/B1zXhkUUuKDe23okTyZ5svptWi3myR4YpMkcWfJYe/3r"
    "zInVJsJtA7eaDhPwTc9WDYjIbNVnZKs2MLTKOXIFD43O/90N7niglCN9TyZ3NzfDm489wE"
    "5WwkbkntzeXV4OBle8k2nN5+ys5v0+9Icj3rSAWOOfrwb9K57rCusSbEUpWm+Sqvqmvjks"
    "KFLdu8NelbU5FfziMD5eB4AaFasO2PcNAdZXYQX1ppBgC9WmhqhJHiaZepKmzx8OUo5Dgg"
    "UMcj0JkzaN8UwoxSYk1AZHZeRgz5WW8DojLeF1PC0BGUZS7GS6L3gn0AaAq/YELzDB5uqg"
    "zSsiKrevOm9f0nEqnXyVoFqEk+84zP0tNRBcDx5RcgXC4OWTLCbftDsqaNczF6VvoI0Gt2"
    "BmLRbIADO0YqNoc+m3twPg3LIHMGfSCadU+W1MHYygSV/az/RyeAXmkLD7mNYacW4exitT"
    "lfdN94Q7B9j9ILuZbbcAyHtQaNBTMNZUYOhPJoAGAhtm2iDVeb+I+xDYBDPdYtNWze0l8N"
    "cbm0li7oELvEy1aBP3ugQ71p3ZtY1Vd+3Yv3e7Z2fvuq/O3r4/f/Pu3fn7VzuDNn4py7K9"
    "GH7kxm3o/PKs3XS3gSSQd7ryWTeHqnzWTdWU+aWw6sZRF2GPvf6SOn4GddwsR1ilO057/W"
    "B1V57rsuJapj3XMvalturzNzRb6fpDkursXcpUm58CnWQNMBlJUosDVEaSFHOCWoYmYge4"
    "3VtoBnRf5S3lk1nLJ86ac8tcqPS5LyENgufEkiC2Lwm9UtGXaOH8Lj5Oyn4rTEL9wAtd1x"
    "AkKdEeO6EIxjMmVRbI3nld7ay+GI9HoVl9MYz6fe6uLwaTF69t0FknTEP0TXPsHOkkkE6C"
    "HFZOMNFbY9uAgdEza8O4BsyVc7ttA3fpsqrE5DEJd7Clm4ZBZPeaiIoa7L3XuzImCNjKDj"
    "D5H6rbBTvce/0KMDWBE9Lp+C7ccDbbVcHmgmnX9uCdvuuzeKJE0TeX9msNdvATab9K+zVu"
    "Xoko+TsBqePnqfarqwlxdekhX17/VoBbdcgXWxUb9gSI4akm2FWprvGY3EHR3jWL8So63t"
    "tVTQ46IKKyMqKuzhF1TGMTtJR9CekOlMxDyYh6tpIYpGEpOU0lnXOMwi4BV/AzgQ14nps5"
    "YfdCG16x+7F160w8E1e3nEVLMfUP6joFWPQtFdPU8OTA1ZPMF6TzfgLByUKhFsGwXBP9KV"
    "+LLrmrhmwNLeau+EKMDXdWDLwrUF0yd0vi4KNvohfhC30J+Xaw/XwhhQY7dByMBECOiLWC"
    "PSw7y8DFLOmA3gt04jktJ3TChFbxYhEHOCOXw+3/rNCt5pCDpURu4Y3IlHZ6tyHFvPTCVg"
    "Z6VFbQFHp7Y0iohRtz8TCLIizBFQs6FH+ZX0BGVsSW/L6koltARduLugBYc1Zkrufi3/8i"
    "v8DWF8KUPQC4uRuNjsaZIgPPV50kvtS5cpLJlfp9apOR9r9SueCZERnpJGjqWwPSVaeASA"
    "u1p+75eZ6MpPPz9IQkfi2iQG2ErCu3ewvRLaVGGvtGmhiQmM4YBERkvpcgaxDTu6o8zH7+"
    "F/oV54E="
)
