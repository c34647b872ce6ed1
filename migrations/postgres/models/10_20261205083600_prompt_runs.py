from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "model_price" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "input_per_million" DOUBLE PRECISION NOT NULL,
    "output_per_million" DOUBLE PRECISION NOT NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_model_price_tenant__2c4cdb" UNIQUE ("tenant_id", "model")
);
CREATE INDEX IF NOT EXISTS "idx_model_price_tenant__9949eb" ON "model_price" ("tenant_id");
COMMENT ON TABLE "model_price" IS 'What a model costs the tenant, per million tokens; a run''s cost is its tokens times these';
        CREATE TABLE IF NOT EXISTS "prompt_run" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "variables" JSONB NOT NULL,
    "messages" JSONB NOT NULL,
    "model_settings" JSONB NOT NULL,
    "output" TEXT NOT NULL,
    "last_seq" INT NOT NULL,
    "error" TEXT,
    "latency_ms" DOUBLE PRECISION,
    "first_piece_ms" DOUBLE PRECISION,
    "input_tokens" INT NOT NULL,
    "output_tokens" INT NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "cancel_requested" BOOL NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "actor_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "connection_id" UUID REFERENCES "provider_connection" ("id") ON DELETE SET NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "version_id" UUID REFERENCES "asset_version" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_prompt_run_tenant__588f1e" ON "prompt_run" ("tenant_id");
CREATE INDEX IF NOT EXISTS "idx_prompt_run_tenant__f577ec" ON "prompt_run" ("tenant_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_prompt_run_version_c4bfd3" ON "prompt_run" ("version_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_prompt_run_status_e57d42" ON "prompt_run" ("status");
COMMENT ON COLUMN "prompt_run"."status" IS 'RUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed';
COMMENT ON TABLE "prompt_run" IS 'One call of a model with a rendered prompt: a saved version''s, or an unsaved draft''s';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "model_price";
        DROP TABLE IF EXISTS "prompt_run";"""


MODELS_STATE = (
    "eJztXWtz27aa/isYfWkyo7qJcmlW3Tkzsq20amTLK8vN2VN3GIiCJNYUwPJiR9PNf18AJC"
    "XeRUgkTbL4klgkXpB8cHvv79+dDVkg3TobGNontO30wd8dDDeI/hG50wUdaBj76+yCDec6"
    "bwoNTXnwGs0t24SqTS8voW4hemmBLNXUDFsjmDUegA1U1xpGQDXRAmFbg/oZmGB9CyC4/W"
    "Xwfe/de0CWwF4jYCHaxgaaBR6QYf/ErxkmWmpfwVLDC4tfMMnTGXv0gqj02RpelfoUB2t/"
    "OUixyQrRyyZ91u9/0Mu0HfqKLP+n8aAsNaQvQohqC9YBv67YW4Nfu7sbXX7kLdkXzBWV6M"
    "4G71sbW3tN8K6542iLM0bD7q0QRia00SIANnZ03RsW/5L7xvSCbTpo96qL/YUFWkJHZ0PW"
    "+e+lg1U2UoA/if3z9l/eqwWaKcr1ZKbcDmeK0omNMHuFyHB4l1SC2ezQsM2A+vub2+8eEH"
    "61wx5w8ctg+uLN+5ccAmLZK5Pf5HB1vnFCaEOXlIO+R5mOJcNEgXYc7Ut6x9Y2KBnxMGUE"
    "+YVHeub/ccwI+Bf2Q7BfJD64PnwlAN6hH7hga8Ab+4wBmI2uhrezwdUNe9zGsv7SOX6D2Z"
    "Dd6fGr28jVF+54Ebr+3X1h1wn4PJr9AthP8J/J9TA6qrt2s/902DtBxyYKJk8KXASmqX/V"
    "R4223I86/z823hdraCaPtd8+MsoUrSaO6wZ+VXSEV/aa/nz96lXGwP42mPLFRVtFRuvau9"
    "Vz730L4evuhyII7ymKwfjw7lUdwu/zABxdDQF830fhdY8gZQ2ttQjGEbIWTub3b3NA/f5t"
    "KtTsVgRqlbA+Yij/eju5TkF5RxE9EzTVBv8HdM2yGwh0BrAMi9DG7wP64mrw7yjWF+PJeX"
    "RHZx2cR4DXoWUrjnXU0RylLeBw9raPBoxGnc5iH5PMw9hEj+ThqHEOU8pRrvMo++zyfKuI"
    "STYxwhOEnOaM70GRZo+sjTDEtiCqIaIixcY4pFVyXscjyuTw5UOijOhiFUf3IzGRtsKf0J"
    "ZjPKJvArGaJCh42pHZrqNGorq/un++CZ92uovwpKKfTz8a2S5TOri9GFwOOylbQgHY3lko"
    "D/9azx3gILKxTTCELn0LcH03Hnf4LJ5D9eEJmgslNJ3ZHdIjkSu7tvFbm94megViuOIYsY"
    "9hr+5hPyYrDX+Emu6YqJOgFQzd72bpBnXWUlkGmh7UEH5eQxuoxKGIAriiGFo2gMBem8S2"
    "dYo9eEBb8AJiAFXeChCT3ld1DdG/6QFGtwHrJdAw0GgHT3QekKd+TEFYxkPuMbRttDHoFd"
    "ra+2arCyB9hGH8oHE9pL39wXsKOjO2wIJbSyoW63JmdKViUSoWQ0eaZ9fIq5HxmrdO5fUm"
    "l1LxTYZS8U1cqejvkHGAR9hOxjdIEgFZK4oRiy+dV2VhvGJv8H3v9dsf33548/7tB9qEv+"
    "Xuyo8ZqI+uZxFA3XNIoZyVedxOldhBCzeshmxQueRwnahMZUJ5FE0X1qtFaKXGpW4jHZNi"
    "n0cguKXsrot8TBbwb2WKAVag0SEBIH1sJY8seeSmHjkt5pH/tDURHtlr3joeuXhbJfpqaH"
    "SYjlhOYcoWLqeGLB9pL5OjLK06JdnJHAuZgngGSMpFsy7LRBrJ6mYkczy7VjXmsZpO1YOg"
    "BhZqMqTPIwd7czlBDN7P8nQpeL+kpBAshWApBLdJCJYe6Hv/6F4uD/Rehgd6L2YssnRnJY"
    "Kv316qGQ6qGVj37LwVMcSFaKqzxPXelYVxwaY4g+iammA6Tncz31NU72YeOHYp93Lme6qc"
    "ebyN11BxX/E5juNyPNK1jWYLhQLsKZ51jOaOptsapgNDH9vo4aiJeYsLUwlMvS9kpbP0vj"
    "RXLEP/e0BUQBuo6Z0/JI8vefxm8ILt5fHdpSjAhO4IWsjl997lYURpq1ROlN/79nxSVM2M"
    "HRUIUQa0rCdCT0vRSNMYYQsn9Oveh1yIf8hA/EMUcZPoKRN6iJ1NTNcbtu55tHXGujO4vB"
    "pd9wFcbDR8jy+Hvw3Hk5vhtA8W6BHpxEDmPZ4OfxsNP7OLJnrU0BO75l9xf3eOGa/Cw7A1"
    "S6EsnPaYMGLnhA4GxClcVJAuMlpzSljWcPmsVbVs0/lkMg4d2OejWQTju6vzIcWeQ08baa"
    "7uPi4lU+Ash04RPnvEQQ/TVgj87kpjkZfRm8WKCtLOLw3TFaMqozcbHL0ZzP3CXaMT9JDn"
    "HuXHT1OkQ9vzn07GO+CFXQ/G8GTMv5Wp8Bswdg3aKS7tgbvdzMR34XYHI1snmCeSA5RrAe"
    "oa4hViOeggBgg/aibBG4Tt7yzg8pLgEZlsSPs8/9xas2xibuOZ7grq87BXwe8dKgMiVyW5"
    "75r9DKi0/pB6SamXrOc+02a9ZHg95tZOhsnqrGaoja2cSp0m0XV2ConLq0FKKa0KSKsMOO"
    "IkTO50U22A5CRbbT051Mps5JRvIKJO1kEaqR2I4Ml4KFE8AzTSaz2emfRRI46leKytILYp"
    "5HLaxjdgdnIpNjRXwhM4mVpiLBWH5SJ63JZQ2E7Qng1XamMr18bulC0nwjrw+2nmZD0Ia5"
    "A5Ooyqt7aLwvW3fXcthTe8GR4GOMpPVY90PXmDg0CnMKIphoUM3qwIxEN67XbincyT5oCb"
    "S7fSQnZoWw7oAGqV2tQ9D5OMPv5BmWHv2TUpzdubv5R09pZGlWawES02qsiAznJLCj3QT0"
    "vG97BnrE9bHdaUPyMbwxbcuDo30wmdg33gUt/ji8n1bPjvmXIzuPjUBxR0G321FYOebPf4"
    "9tNoPO4D60HT9Xv8eTL99HE8+dwHT8R8WOp0lh4zcoX7yNqanebRnKKh8glauDB6uRZGL2"
    "Nh9OILI/hmMZxndL4k4xwhq3BpPMNpzhZRtq1rd5aMJ9c/+82jBrCITywFZkVMoYTPQZr2"
    "BaEUbz+HprrWHlHCzp9pPA+SScu5iOUcsddQbWHEw4QScwHMEV4zriXZHScT9AilRF0Adc"
    "dYHCmlhSmllFYXKc3HKCCmeW+/H3XyhIWTAAZppHkvZoXeGDr9aGE7dIhM2valbV+aoVtg"
    "huZ7ZXXWjpruqQdRDR4pIVCn9ICbji5mncRNtghbXU77fj231RzTNXSunBBnZcPViTFWHO"
    "oZXLVoHic5RxSBUvscI8oNR2OYTdESmYgt9jTr5L5F96CZUjFDjQ/Gpg382LDvLDAniy3Q"
    "sKo7tBGAmDBLJeDdgvkWsFcDL778/fe/+J/fvn156QaULZCBMMsdZ4GVCY11PFqttKckml"
    "UDPig7NBaKNLFKE2uDNqSGCu95TKzRRRkb+nS9ewJpWRaP50v1WordVUagSNm+5ohKv32p"
    "MKmRBCqkMJEe5iV7mMvAiHy4Hg6MeEYHXKZFSZNyPQ3LIfnW9poJZV2hRF1gESpHQhssNd"
    "1GDGsmbtI7QGNiKPDGFfxJNAyoUIXoDN0CJrrMoYWyM7AU1H+iNLub+OzLpfwq5ddm7Fct"
    "ll+9LSi3JyQssCJJneTUd3nE1HfpUuo7KaRKIbUJQqqUp2QctGT3xdl9X4pNY/kDUu4htj"
    "8gXxcdhbebatjZzOlFyWNLHrsZm0SLeWxvLcZGPLUy3Z6gurJ0ZQ5twYXpLLR5TMIzo5Li"
    "jkIGuBwOcFkSc5O0Q+ULbNxTVxi/xWIQBY8CHoBFx5ZS3mMKBf1bXbsvLjoEeYqupJdciR"
    "VcYV4lcfTTw+b89q2ITqw6Ym6DLIuyfUI1FIM0MjPn8Zk5H6GpMSSEwA8RyRqWhQ8KF1sU"
    "KkbQT0tyN81YFjFKOTzFD4+794icDwESGVItHlLNMhxgW7jeXJSuFadz2awn5SltJ2HTyc"
    "d67qkrnOcLEy6Fec/L6eAjZTg57T0eXStufbk+0LDiFpi7x4Obm+nkt+FlnxW0NskjWrAy"
    "dL8OL2bsmon+RCy0mV2bjabuJVsz3WDn50+yMafy/AN7gdhYZoYPB8lk7LBA7LA0NxWd5t"
    "yhgAjnjQ8SSUilBa8ERKUFT1rwGmvBi++wBcDa8sjc0KGSEppbmmU0IAjx0myUPaXgWXYC"
    "k34F8XZG2L85x+2C9zh1OzxmAA9bDZ9n+FxNSMRMHPtakwWi+tE//UjwKjH58DygbRx7by"
    "rsxtBrxFdf2BfZXpvEWa0TuggYoRNXKr2uBIdjF0Caaia/cEyTCrzZdQnjjbpZBnPVba6I"
    "limcrREgGAGPHuzpuY/rCw5VN1hg8OVPPDLTnVqAIkpv0kFQkQU0O+4xW8YDsi36wVJn0q"
    "wvzfrNOONabNaXJQsrUwvK4nnPZW6QKenatrX5GGWlpNtzM+J1E8OEUgcm9bRSqdgsRGXs"
    "utTU1kb5JTW1ddDUhtQvp0IrUpqrsfhGGSGZdqFwjPOkXXjGiKGfTchfPTleyL3bPRwttN"
    "o1LCtWyPHMJ2i5RKpULkrlYlM2ioZK4HmUi5DPWiH32wBJ9X63LVJ5edtgDPl8Poh76jpr"
    "djuDMS/MBXWdPN3jy+H1//bBAuFt1ND1DOEvUkMiNSQ1R5RxTIJ4BkjkBJW6Eakbqa9cKa"
    "Yb8aUn6cOWhWlg+6uToB72yUryV4o6bWX4KoUcrIqX2KVYLsXyRuwJLRbLZengsksHm4gO"
    "mWYL1rANU7UvPWEpUKtks9FsxVpDEajDVO2DunjvtblJWT+h2OE9Rfvy1ZSza2jWw7EaO5"
    "+2zjt0h2vruK7uang5urvqgw1aaM7mHv8y+vmXPlhrq/U9vpiOZqOLwbgPKK2tqVA/Rp9X"
    "fDBwA8O6iYGwIEfamdwMr/uAUeaP3r4aTn9mVzbIXNUldluGvkodbC0RlUrD6pWGMkizgi"
    "DNoPzDsn+cWMByyjtpHqeYBvaplSvzFAgVjl491cuqUcGr0Y+Nxq4mBQeHQ1gTolOjAayJ"
    "Ua7FhbC66pxMfbC3cBIUwfslla4BNvdtchQrXSBVY+/PCqhAv6goIKb72/1W4H1rH6CvtD"
    "t9y4NOyZKHktpPhNVjobAmVSktunupka4BA9SVGmmpkQ7xZ/4yP1a4DtLXWgPiCdQ7edoX"
    "p31huh6iM9OOJgYEp6dnDJC0QduXtbZKyc+YxDTkPWsSiU84epozFgK6C5etEfZ4ipBJlZ"
    "BUCZWM6DMHLrZm8Us12z+n5m49J23hJXfjzlknwiyau6yhOCcySIfh9s9+qTc+BHCES6o6"
    "vV+mNuxXMu8kqMLY5W6WHuxPr0G+NG2OPSdfmdJp4ZisB/BEzIc+QJiOo4MWQMOuOsqE2H"
    "JjnHwNlafE4pWKMUKLjFRtJTzksELs94Dp2nSwApe2X5NN6smknqx+m1aL9WQPFNJkHVny"
    "WPvt66wTq42HmwG3OoEJ+KZHqwZIZLTqCdGqDXStco9cwUOj8z93wzvmKOVS3+Pp3fX16P"
    "rnPqAnK6Yjco9v7y4uhsNL1shyVJWe1azdx8FozC4toaaz35fDwSWLdYV1cbaybbQxkvIp"
    "p9aHDJJUVyHyVVmbU8HlIdl4HQFqlKw6YD80BNg9CyvIN4UIW8g2NYRN8jHJ5JN0oj4cxR"
    "yHCAsY5HoqTNo0xnOhEJsQURsMlZGDPVdYwuuMsITX8bAEZJpJvpPptuAdQRsArtoSvNSw"
    "Zq2P2rwipHL7qvP2JQ2n0shXCapFGPmeR3M//IpUh331ObTV9SfuXhvT48cbdbO0+shvrs"
    "xZe+60283l6orBaEHlKkLhUrff0we52nQIeEdM0b7rG+hkZYEnaAHLprNtARw6AcwE/9bT"
    "+7zH95jZBiyKikdl8VIuKzribhug2eCFZlsAYuuJ/mR96HQpvXR7sgAm9pq+Eb2/8NpY9/"
    "gLVFVk0Ln+petaEIhDu+Wvx34uNdOyuaOt+zpn4IYKSPS15lv6bARe7OC1zozty/TSMPtl"
    "yoYimrbx96C6WtocpM2hpsJzm20OSEjC8pq30OJQSsy3v8uKKE4DJNXp98qEuWAVn2StJW"
    "stWet8rPWYrDK5anY/J0Ote00PstITVnIQ6jrjbyEG4/EVeNLs9T7A6zsLGCbZGHYXUF6V"
    "sZv0+bqmuqUJWZoc0+YeLGBgGAgvvif05I2z1yU+J4/bTMAbUjKxkoltwDncXiZWljmsrs"
    "xhRgxTVu6zjOClogwHLUt9xoLXsbpVNgkeAh91AlPkhzBZBOolo2vgrM5A93Jydz4egpvp"
    "8GJ0O/K8l3abE7/JLtELmu+xPBhHoNaw4dj0uH9ASVkXUkW1KJn0c4nKasSxj0I2RiehjU"
    "KrksQYkfSNwSeocksoC8yS9wMuCImcbzuCNtjEKzjbGugRyt01LUtQHOpwh8/bW8/d07Lu"
    "8XA6nUz7YOdG8cylTKT/R5X+H5xlECqZtKeQNcKPd0F3GQqRab6nkPNcfJ7Tz8cqTLR8nB"
    "OiI4hT9PRBugjwc0pY1va+u1It9ueTyTiE/fkoCu7d1flw+uL1yzDTIs0irU/V0CAZXNqa"
    "6mBrqkWuhprO2gYX6r21TQQ3w0eUXKk3eLubZcqzeEMF7VrmCn03kaHDLZg7yyUywRyt6T"
    "hyW9rt7RC4XfbBGFr29/wVvh9dUhLL2SCLxatDvOVR7EnucYX2zhzlRvbuJo/kAZD9tqFp"
    "A5uQMzDRF8AkT/SuiYDB/dl+4g/zHq9ZYE6YT92Cd3eha/SRLLkkAl8s9NeXLnhaa+qajs"
    "9mTmcLQJD+cNfld/TXI29NMGDOeOQJ94G2sFzHOrQAUDUJk/7c9hZ9b4e+jo10nb6mexGs"
    "yRPYsI/aV+Z27ZaEWSEtem+B8rja0Zc9rULyubZKV3rm9EzxFtlpJsny3VL+q9d78+bH3q"
    "s37z+8e/vjj+8+vNop5uK3sjR056OfGVMWYt58Li3dXsmGSgh+j6A1+tBK8Jch9gl6pDe9"
    "HIqkN71UTRK7FQaXzXIR1YbfXgbXn6DZaJbHQ6U7fHsdHuou7NdlxbVMMK2l5FRbL0hXMr"
    "plridshFJlp12LPOKTFWycS4LSqfjiChBgpVEhgQojEdHB7ZoKCa4MkSwqiXfDhJhPyLAB"
    "NJgMtDTJJiDu+NIME4RYeNCGymEsscS2vxNIaJ+urMPuY9qrCbg4RcUYHoDUBRZxhSxnw5"
    "qoXGKiVGGJzaVcawsWjMTyyAW/84SU/fXaBOtQKqNgZ0o25RRhCSVIJcWU/GJK7DAS2TUP"
    "H1wTjGaE/lP6sVWHhVD4oXXSQfQZzdeEPCSdQP6tzKPnKdBIluuWvuu1kOSk73oxopxjCn"
    "maec1bqI/qvcrraZbpahZPcMOZTRG91J5CaqZOSfuI6L4kFJCxp2jh/C4+FoObiVACd57l"
    "YbMnqtC9xj+vpXfNP9q7pmn6tjZILil4UzK6DZgaOrGMqyfAXLrdbRu4S6cBf2pB1zwi4Q"
    "62dNEwiOxBEVFZBFvnCtXmzI6bVcgmPOWP19dP3JHB9bV3kwd5mWe5/wSdCxYvw8ka/Unm"
    "yfHZRXYu5dca7OBdKb9K+TUuXokw+TsCyePn4PHnZJGQoCk9bMFv3wpwq45aoKvCoG+AKJ"
    "6LBLkq1eQRozvK7lGzkJGiA1Y91uSoAyJKK5Pf1jn5LeXYBCXlPYX0S5Gah5IR9WUlMUjD"
    "VHKaSnXOc8T1BEzBJwIbsDw3c8IehDa8Yg9j65WEPBFXr/JkSzHdH9R18vS7Yv/dmFqyl1"
    "/gbjdLh8YvKcau4UH12Wc3mzenAyy9ihut4y7pLjCQCTaarjOljpvJ5ifmLeewxISsNQs4"
    "Ygou9x5gfCvvwEIxXVppT7rHL16BJTF3nbMUisRhD+NA5Ert7WY/OSniSGrjpDZOauNO18"
    "ZVnLmodiNbfuoiN+kb3XEVb8dN4BnSk3AlUsskfXmScnk54Y5FPplcQp8HeqmDkOJyJag2"
    "N9johmcanzq4kyCB7G9mCiButnLF9NqJZVoP8O88JofVBkILLwM6i+mx4CP9vcuN3gWM62"
    "dFhNwbCxMu7e+smOhRxkOo1PHFa/MFXBNMxQxw4XKdwKuZzCoNUSBc5Jg0QyVP9gpM7Fk4"
    "JoPMLbMMNvDBlWb4a3bv8QNChpc3ge/5LEppCU3wAnrJJSz0l+9cwKOqDA1RSYcliddsL4"
    "qKvjlrTT+QZ4hPEYIiEk9QJgrmhO+C1HTx7JaXzlCmjpcCU03ZCykwSYHpn5TrlR48LCZW"
    "cP/qeEdXH3j095hnfx1eDi+9/K9ogRb3+ONgNGaXllDT3UyHwpWA3+cYp9fRZRWoA/w+Ok"
    "qP0NQYZkKBEiGi6mMlAqfO3NF0W8PWGXvscxw8pURQbJBlUXZTaEyCNPUYEva89gwJNxJY"
    "yKafthIbmBhlPYanVSum8jy/xw3DM8BdisNceoaAf1Z6gMKc5GQ29mqn7/OV2GkO9EVokH"
    "lBaYUrWkTRjpNKxGVNo+fbomVNI1nTqIH7gcrUK7riVeITLsyQRC7rMwhEkC81rFnro/TL"
    "EVIZ/FDn4Aeo2sQUNJUHaU4w3DRnVAW89WmnGHGVhSCoMUKJrPTqKBfRZ64Y05pZKj1l/j"
    "kFY+o5aQupF5N8jBUA8Y1JHrUFMi9CnbYT6NgxHsKavgW4vhuPO3EerACc7yzUXC3qQWSD"
    "XGcKqM/mSxed3slOdQmLINO7jrdXwksxT5gPMhF3B2MFemwCTJ5323eG8/s9AyxN9+BmBB"
    "7QlkXcPLDc2xaCCTb+Ivq8xy/ox/6g0kn9g5s4T5mTr2fG9iXv1826TQX6R887js5ldmXu"
    "2Kx2ku8vx57N/t49sdNNdHUL+raxgbAM6K4cPioy9ke6sh3NPUlXtsOqhzyubPz/2Hine7"
    "L57VvoyPa6l8eRjbZK95DqxRzZ0mtHHXZja0Idqc7kZng9GCkXk6ubwWx0Ph72ATHorq/R"
    "D9kY0Nbo69zjwfXsl+nkZnTRp+eMvTaJoanR8y3PGBVff2oOLaQI5lMO0tR5cI736Cwlqb"
    "L32oqw+2yMsA1+C1V40ap0KR67++yI6zzDOzO6+1zP+l5U+z2+ux1O+8DxZLDnd5ENsb0i"
    "h+yOqM7wHznZi894RyUdRdUMKnfY6KuQK1+csg2bS9VOUQzFtSaW0zFI0wbMw3P8Q44p/i"
    "F1hn+ITnCdUME7jm6m+X1HI23uAjZ38kRREbTGBGmkLUZaDKV1qwXWLb6opUHgAKjBra9O"
    "sfUDZ6HZvJxkJ8EOELjbzdL/Q9ZO2WWfLraSWlA9zoIbpEJcKsQLZMWkQvwYhbhw6dLKw5"
    "LKHNfKCpdGS1IluTiki457irK0I5XWnC9ZOWJDkx46LkYCIEfIWqiHKt6a4GGWdEAfBDrx"
    "nJYTOmFCL7TlMg5wehS13/6k2Ol68udJmJYSJK0ZIlPabd0+rV7xc9kw0aOyhtZaBN4QUQ"
    "s35uJhFkVYgisIrpLqDHy7gbqeyj5Haavjo1+Xy0S/6f34fsc2sx9ZjPLt1WA8TuSMZVyQ"
    "1EXXDFGpi65cFy2d0xvtnD5ApqauO0mKaPdON1MJvW9TqP75FHVzei6IpG0y4RT3xu80NX"
    "P5qrAT0xSka5dT2aV0njSdS2oDW9p79y6PB9y7d+kecOxehIEyhMRWr3kL0X2dy7/wdYZ/"
    "4eu4fyF9op1YyDVdFRMgqT6TXcPVMTG+q8rD7Nv/Aw2BXcE="
)
