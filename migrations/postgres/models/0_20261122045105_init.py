from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "tenant" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "max_users" INT NOT NULL,
    "policy" JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS "user" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(120),
    "password_hash" VARCHAR(128) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "is_active" BOOL NOT NULL,
    "is_superadmin" BOOL NOT NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_user_tenant__a4367c" UNIQUE ("tenant_id", "email")
);
CREATE INDEX IF NOT EXISTS "idx_user_tenant__30ef43" ON "user" ("tenant_id");
COMMENT ON COLUMN "user"."role" IS 'ADMIN: admin\nDEVELOPER: developer\nREVIEWER: reviewer\nVIEWER: viewer';
CREATE TABLE IF NOT EXISTS "session" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "jti" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_session_tenant__305b7e" ON "session" ("tenant_id");
CREATE TABLE IF NOT EXISTS "asset" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" TEXT NOT NULL,
    "category" VARCHAR(64),
    "archived" BOOL NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "owner_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT,
    "template_id" UUID REFERENCES "asset" ("id") ON DELETE SET NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_asset_tenant__b24019" UNIQUE ("tenant_id", "name")
);
CREATE INDEX IF NOT EXISTS "idx_asset_tenant__21cf8c" ON "asset" ("tenant_id");
COMMENT ON COLUMN "asset"."kind" IS 'PROMPT: prompt\nCONTEXT_PACK: context_pack\nSKILL: skill\nWORKFLOW: workflow';
CREATE TABLE IF NOT EXISTS "asset_tag" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tag" VARCHAR(50) NOT NULL,
    "asset_id" UUID NOT NULL REFERENCES "asset" ("id") ON DELETE CASCADE,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_asset_tag_asset_i_392045" UNIQUE ("asset_id", "tag")
);
CREATE INDEX IF NOT EXISTS "idx_asset_tag_tag_d9bffb" ON "asset_tag" ("tag");
CREATE INDEX IF NOT EXISTS "idx_asset_tag_tenant__95ecf5" ON "asset_tag" ("tenant_id");
COMMENT ON TABLE "asset_tag" IS 'One row per tag, so that filtering by tag is an indexed join on every database.';
CREATE TABLE IF NOT EXISTS "asset_version" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "number" INT NOT NULL,
    "semver" VARCHAR(64),
    "body" TEXT NOT NULL,
    "variables" JSONB NOT NULL,
    "model_settings" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "content_hash" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "asset_id" UUID NOT NULL REFERENCES "asset" ("id") ON DELETE CASCADE,
    "author_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_asset_versi_asset_i_1c3a5b" UNIQUE ("asset_id", "number")
);
CREATE INDEX IF NOT EXISTS "idx_asset_versi_tenant__0710ca" ON "asset_version" ("tenant_id");
COMMENT ON COLUMN "asset_version"."status" IS 'DRAFT: draft\nIN_REVIEW: in_review\nAPPROVED: approved\nREJECTED: rejected\nRETIRED: retired';
CREATE TABLE IF NOT EXISTS "activation" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "environment" VARCHAR(64) NOT NULL,
    "is_rollback" BOOL NOT NULL,
    "actor_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "asset_id" UUID NOT NULL REFERENCES "asset" ("id") ON DELETE CASCADE,
    "previous_version_id" UUID REFERENCES "asset_version" ("id") ON DELETE SET NULL,
    "rollback_target_id" UUID REFERENCES "activation" ("id") ON DELETE SET NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "version_id" UUID NOT NULL REFERENCES "asset_version" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_activation_tenant__f69e55" ON "activation" ("tenant_id");
CREATE INDEX IF NOT EXISTS "idx_activation_asset_i_ed40ee" ON "activation" ("asset_id", "environment", "created_at");
COMMENT ON TABLE "activation" IS 'One row per change of an environment''s active version: the history.';
CREATE TABLE IF NOT EXISTS "current_activation" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "environment" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "activation_id" UUID NOT NULL REFERENCES "activation" ("id") ON DELETE CASCADE,
    "asset_id" UUID NOT NULL REFERENCES "asset" ("id") ON DELETE CASCADE,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "version_id" UUID NOT NULL REFERENCES "asset_version" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_current_act_asset_i_ef0046" UNIQUE ("asset_id", "environment")
);
CREATE INDEX IF NOT EXISTS "idx_current_act_tenant__a4d742" ON "current_activation" ("tenant_id");
COMMENT ON TABLE "current_activation" IS 'The one current activation per (asset, environment); the unique key enforces it.';
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "seq" BIGINT NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" VARCHAR(64) NOT NULL,
    "diff" JSONB,
    "ip" VARCHAR(64),
    "prev_hash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "actor_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_audit_event_tenant__0a4e16" UNIQUE ("tenant_id", "seq")
);
CREATE INDEX IF NOT EXISTS "idx_audit_event_action_3fd1cc" ON "audit_event" ("action");
CREATE INDEX IF NOT EXISTS "idx_audit_event_target__197bf7" ON "audit_event" ("target_id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_tenant__4079e1" ON "audit_event" ("tenant_id");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXW1v4joW/itWvuxcqVt16Ouyq5VoS+/ltoWKpp2rOx1FhhjwNDhM4tBBs/3va+eFvA"
    "dSQiCRv8wU2ycvzzm2H59z7PySprqKNPPwEZkm1onUBL8kAqeI/RGtOgASnM38Cl5A4UCz"
    "25qBRgOTGnBIWfEIaiZiRSoyhwaeUecOxNI0XqgPWUNMxn6RRfAPCylUHyM6QQar+PqNFW"
    "Oiop/I9H7OXpURRpoaelis8nvb5QpdzOyyp6fO9Y3dkt9uoAx1zZoSv/VsQSc6WTa3LKwe"
    "chleN0YEGZAiNfAa/CndF/aKnCdmBdSw0PJRVb9ARSNoaRwM6T8jiww5BsC+E//n5L/uow"
    "WaKUq3JyuPbVlRpBzYDXXCcceEcqB+vTvX9QGxSyV+g6s/Wv1Px2e/2RDoJh0bdqUNl/Ru"
    "C0IKHVEbdB/loYE4JgqkcbSvWQ3FU5SMeFgygrzqih56f3xEA16BrwLf/DxwPfi2ALjEXl"
    "DtEW3h6j5DAXLnvv0ot+4f+O2mpvlDs/FryW1e07BLF5HST46+dNaznB63vAj40pH/APwn"
    "+LvXbUe1umwn/y3xZ4IW1RWivylQDZipV+qhxlr6Wv9OcVzdVxNoJKvabR7RMcNqO/1qmz"
    "qdwp+KhsiYTtjPs5MMnT63+na/OjuJ6Knr1jTsqvcQsOjnDDM1faA7hSVr2J0q0n08TDL7"
    "j4Hm+uuHRs2wZAFqdnuP0HLxWqaIQEKVfEQkJFQkH4krtsyBcxP24SNqmcjIiWdAZLto7k"
    "s3WQEn58uj10Qu55heHNwb3UB4TG7Rwoa4w54EkiFKgNRdIMjLC1XSSP1S//4GfFuuMcJ9"
    "lL0+e2lEHQ7UerxqXbelmNUWgOqTe5lqmupKUAMdNRlSbrkDOHx9g4aqhEyY1+gNPVKybB"
    "uvmjam0RJI4NgGh78Ff+awLScsg30rT18F+11KLILFIlgsguu0CLb/j+k7fRXstS9mGbxr"
    "vYYWwp8bR2ushFmr1KWwXRcme6ZmjfPg67UXboaVbgZ+eT7fmnF8O4QmwxuSiWCMi2J7cR"
    "tunG4L4zF/hH82Pp+cn1wcn51csCb2Yy5LzjNg73TlCKYzXcPDRRzQPx973WREfYnowI+H"
    "FPwPaNjcGqyBaZexl0OsIkIxXRy63MZtqDiPuIvpmMMWmgg8e/503/oraupXd73L6AjPL3"
    "CZtODZDY+02XsCi/RYfTqH9JYPxTLIrwFuiqYQa9I3QSoFqawG+agvqXS6Yg7WsxSoIa1s"
    "nK7DfFirVOpj173vjrbvmXe9BNY+g6b5prPZcgLNSR6cY4I1NOjPjYu1EL/IQPwiirihay"
    "kG3SbWNOZcDIeTXNl9xlpqXd93uk0A1SkmL+S6/dy+6z20+02gojnS9BkyXki//dxpf+GF"
    "Bppj9MbLvBLnt/QRfZ2to67odBHQ1llUWdhUGIXD8wSNXepMGZCksKigXERbAya4LXV51K"
    "pc2nTZ692FJuzLjhzB+On+ss2wt6FnjbDjLI4vyxhwpsVMxLae/KCHZUsEfllSWeRF+FPE"
    "60pBtYh4XbpTIOCQdFIaE5xml67kzW0faZC6eY/JYAeyJ/djft0Y7vdt+k1afNaDNCUVNV"
    "B7kOVDgeF2qzwpUo8gYOhvgA3+YDiBZIyAPgKQAETm2NDJFBH6DxM4UzKYI4OrlKExQWCC"
    "Taobi8Mo3yjqmqujgV8lRqWR49nxL81/BjwD34R7R7h39nOcqbN7J9wf13byhMX2ebW2Nz"
    "EuRt7Z6lbjs1B+2h+UFKQ/B+lns5eeN0UvKLPBRLJnvrZiMh7tmTwvngEZkfMY9U9y/5Bu"
    "mYpLsHJimyIuzDbmk7THT4VCY5zbgJOlBcbCv7JdRD82JBQ2EtRnwBVOq9KTzJdL/g1hbX"
    "nXqaaxroQ1SI5Wo+r27aJwffYvV1N4w4PhaoCjfKp8pPeTG6wEOoWIhhBnzwK6T3d3UhY3"
    "KwLxkHe1nngnc9I14LZXtwWAvOb2n4rCG/QBpIC6m7xNZz5MCj14E2VG1GHZZGupm/ZDic"
    "xN4dqvBo2osWtfbAfy06aO1kosPMpILDyKJRa+sldLxnd1mpsnWx7WjJ/p0xnNOXBJD/0e"
    "s8EmcKRfyFWvK7f/kpWH1tVtEzDQKfpJlRmb2V7I423n7q4JzFesaS/kS69/e3PX+9IEb7"
    "rxOtKYlX5Ec4UnvFFM09ITUzxUnkANO0ZjrY7RyOgYjXjHCD5ZDGeZ2UsyzhGxErvGDmZz"
    "3olC80hsN9FyLrnrdX/3mke3GIWBHzJgxrqRsOcr3bqDMvXLKC8+iguN4QTPUcLInxnCDY"
    "qJ+G2O+K01Uz/IXcOSgrvuC3f1MAqQV/fpfa3rbyT3wTpBGRH0iMXmpjONvXTu6FxITEQ8"
    "RcRTBOdqEJyzx8ryfMB7OqauRDU4pYRA7bMJrt+5kqXEQbbEqOd+DqtrmGtoXsntYA9gDs"
    "cb7n+woZbhuEZ2nBQyLgKl+oWLt7tVxLOstGiNa3UrAjYKdZvl2iXChA6AqQM6gRSMsEYR"
    "BwgMFrwGYJNv9HCVAb7rmACdAMRsZQF4HGEATZS9Y6Sg6yeGk5ZxKv7mIpgkgknVGGQqui"
    "BfJ5jkDkFr+8xhgSef7ZaBhx2Kp+v4y0/T3eWnMW+5SKgXi/I9RFQsykXG7J5w9CisqzNm"
    "d5iZ5S2R0ih/YAm1ivYHMlCLztdamhqxpgNWKDi24NjVGCRqzLHdvhjTeOoJuL5Aecffbl"
    "O1BR+Aa6LpPAnPjBOblxIiFWJ1KsRAVxNSTdITfLz2tcijKju3Zw4NzKFIcOOmH+gcEtrp"
    "mc4DC2sUE/OQ37bSxzcfRImdwqgUe7WkMES6ZuKSQj3FqweZJqPqecaogIhIQMyfgMjzgd"
    "mKN+9Rq1G5WswQ255+TQqplTDorJeB7kuXaOeqAUe5U9Cv+60buQls2RfS6SrO0apNgIni"
    "nK36QloPD/3ec/u6yT8eYOhzpPITWP9sX8m8zEDf0ZA6ZXKn7xRRbDjpmLtPSRcu4KIPqb"
    "EYILlP/QkKCUiFV30LiAqvuvCqV9arHh9hC4C15hmEoUklJYVwN9GKK8swGOfOPs423ugg"
    "K24xdJoreU+3lScI6AQBVx748naq0SfbNg+C59L+9m/7HFrHHMArWrDKkW4MkQkwjScube"
    "MG2YGV4AmZIroioivVGNZqHF0RJ92W5pkQe/bq1sE8jLL27Plzav7jdsOCYvEtHETCm1Et"
    "RMVRpcJFtDerbuEi2gcXUcgJsCm0eU50rCy+USIkzoMtHON1zoPdUfqwpWLaniOSfLqjX3"
    "uQmTrM2ylo2XBrBz2a6IdwbAnHVkWGh4quu9dxbPGOGFP3JR6npg27AnXKGf5Xo3F8fN44"
    "Oj67OD05Pz+9OFomD8ersrKILzu/80TikC4TPyqUOOmmuxF9ifrtiSzegegeaW1jlAPkiF"
    "gNfbXHjTWgPm6kQs2rEqFOmqBXAp04TwuDTjBoFY9GcYDT04O99hslBe/ZdoSys3/xLI9J"
    "O63Fto/Vtsw/9JA7wzckVMOBuXiY8yIswM1ziqv4KqSIp+wdosL1X77rX3wMp9Ifw0EGHk"
    "6kJH+pU3OQ6Sv12xTqJt3EK5rqtUkcJhOcNq7+NvOGbt9js+Eu73QnaGpEJJ06BURqyJ4a"
    "p6dr0CfWKv0bD7wuQqBmuVZXbvMaoruVT8u4+yHzeAwCIuXvJK641yDGu8qczN7/D1kBEw"
    "U="
)
