from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "login_failure" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "key" VARCHAR(300) NOT NULL UNIQUE,
    "failures" INT NOT NULL,
    "window_started_at" TIMESTAMP NOT NULL,
    "locked_until" TIMESTAMP
) /* Failed sign-ins per throttling key (an account or a client address), in a sliding window. */;
        CREATE TABLE IF NOT EXISTS "api_key" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "secret_hash" VARCHAR(64) NOT NULL,
    "scopes" JSON NOT NULL,
    "last_used_at" TIMESTAMP,
    "revoked_at" TIMESTAMP,
    "created_by_id" CHAR(36) REFERENCES "user" ("id") ON DELETE SET NULL,
    "tenant_id" CHAR(36) NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
) /* A machine credential. Only a SHA-256 of the secret is kept; the prefix finds the row. */;
CREATE INDEX IF NOT EXISTS "idx_api_key_tenant__e9691e" ON "api_key" ("tenant_id");
        CREATE TABLE IF NOT EXISTS "asset_grant" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "actions" JSON NOT NULL,
    "effect" VARCHAR(8) NOT NULL /* ALLOW: allow\nDENY: deny */,
    "asset_id" CHAR(36) NOT NULL REFERENCES "asset" ("id") ON DELETE CASCADE,
    "tenant_id" CHAR(36) NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "user_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_asset_grant_asset_i_44c2ec" UNIQUE ("asset_id", "user_id", "effect")
);
CREATE INDEX IF NOT EXISTS "idx_asset_grant_tenant__b643ed" ON "asset_grant" ("tenant_id");
        CREATE TABLE IF NOT EXISTS "change_request" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "repository" VARCHAR(200) NOT NULL,
    "commit_sha" VARCHAR(64) NOT NULL,
    "branch" VARCHAR(200),
    "risk" VARCHAR(16) NOT NULL /* LOW: low\nMEDIUM: medium\nHIGH: high\nCRITICAL: critical */,
    "status" VARCHAR(16) NOT NULL /* OPEN: open\nAPPROVED: approved\nREJECTED: rejected\nMERGED: merged */,
    "author_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT,
    "tenant_id" CHAR(36) NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_change_requ_reposit_2109bd" ON "change_request" ("repository");
CREATE INDEX IF NOT EXISTS "idx_change_requ_commit__6c7ab2" ON "change_request" ("commit_sha");
CREATE INDEX IF NOT EXISTS "idx_change_requ_tenant__a54f94" ON "change_request" ("tenant_id");
        CREATE TABLE IF NOT EXISTS "review" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "decision" VARCHAR(16) NOT NULL /* APPROVE: approve\nREJECT: reject */,
    "comment" TEXT,
    "change_request_id" CHAR(36) REFERENCES "change_request" ("id") ON DELETE CASCADE,
    "reviewer_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT,
    "tenant_id" CHAR(36) NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "version_id" CHAR(36) REFERENCES "asset_version" ("id") ON DELETE CASCADE
) /* A decision on a version or on a change request: exactly one of the two is set. */;
CREATE INDEX IF NOT EXISTS "idx_review_tenant__f38e15" ON "review" ("tenant_id");
        ALTER TABLE "asset" ADD "restricted" INT NOT NULL DEFAULT 0;
        CREATE TABLE "change_request_version" (
    "change_request_id" CHAR(36) NOT NULL REFERENCES "change_request" ("id") ON DELETE CASCADE,
    "assetversion_id" CHAR(36) NOT NULL REFERENCES "asset_version" ("id") ON DELETE CASCADE
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "change_request_version";
        ALTER TABLE "asset" DROP COLUMN "restricted";
        DROP TABLE IF EXISTS "change_request_version";
        DROP TABLE IF EXISTS "change_request";
        DROP TABLE IF EXISTS "api_key";
        DROP TABLE IF EXISTS "login_failure";
        DROP TABLE IF EXISTS "review";
        DROP TABLE IF EXISTS "asset_grant";"""


MODELS_STATE = (
    "eJztXWtz2zYW/SsYfdl0xvUkcux41Z2dkW0lUSNbHllOult3ODAJSagpUCVBO5pu/vsCfI"
    "gvkCJlUiI5+NLGIC5FHrzuPffBvztLQ0O6ddxf4S9o3emBvzsELhH7R+zKEejA1Spo5w0U"
    "PupOV7jCypPX6dGiJlQpa55B3UKsSUOWauIVxQbhnftgCdUFJgioJtIQoRjqx2BM9DWA4O"
    "5z/+fu6RkwZoAuELAQ60MBtsATWtFfnLaViWb4O5hhollOg2m8HPOf1gyV/TYm80p/xSb4"
    "Lxsp1Jgj1myy3/r9D9bM+qHvyPL/XD0pM4x0LYIo1vgNnHaFrldO2/398Oqj05O/waOiGr"
    "q9JEHv1ZouDLLpbttYO+Yy/NocEWRCirQQ2MTWdW9Y/Cb3iVkDNW20eVQtaNDQDNo6H7LO"
    "v2Y2UflIAeeX+H/e/9t7tFA3RbkZT5W7wVRROokR5o8QGw6vSTUInx2YUA7U3z/c+waAOK"
    "0d/gOXn/uTNydnPzkQGBadm85FB67OD0cQUuiKOqAHKLOx5JgokCbRvmJXKF4iMeJRyRjy"
    "mid67P9jlxHwG4IhCBaJD64PXwWAd9gLanwNeGOfMQDT4fXgbtq/vuU/t7Ssv3QHv/50wK"
    "90ndZ1rPWNO14GW//uvrC5Cfg2nH4G/E/w3/HNID6qm37T/3b4M0GbGgoxXhSohaap3+qj"
    "xnoGo+78PzHelwtoisfa7x8bZYZWE8d1Cb8rOiJzumB/vnv7NmNgv/YnzuJivWKjdeNd6r"
    "rXfkTwdffDIggHEuVgvH332h/CZ3kAjq+GEL5ncXjdI0hZQGtRBOOYWAsn89n7HFCfvU+F"
    "ml+KQa0a/B4JlH+9G9+koLyRiJ8JWKXgf0DHFm0g0BnAciwiG78P6Jvr/m9xrC9H44v4js"
    "5vcBEDXocWVWxrp6M5LlvC4extHw0YjTqdxT4mmYexiZ6Np53GOSopR7nOo+yry49rpZhl"
    "kxB8hZHTnPHdatIEyFJEIKEFUY0IlWk2JiHdp+a1O6LcDp89CW1EF6skuh8NE+E5+YLWDs"
    "ZD9iSQqCJDwWNHppsbNRLVoDX4fRO+bLiL6KRir89eGlFXKe3fXfavBp2ULaEEbO8tlEd/"
    "recOsBXZxCYYQZc9Bbi5H406zix+hOrTCzQ1JTKd+RWja8RaNn2Tl5bdZbwFEjh3MOIvwx"
    "/dw35kzDH5CLFum6gjYAUj14+yuEGd91Rmoa5bGUJ+X6QBi82WnzGxwAqZgC5Mg1KdIQ+e"
    "0Bq8gQRAVTVsQoFhAghUHSP2b3Z8sU3A+ukIYNYBWDrWuMgLmwwilrDSX5JMYQ0OgSPJFE"
    "qmMHJGeY6KvBSL1711HNZJLpbwJIMlPEmyhN42L2BXhoSK8Q2LxEDGZWlWyaXztiqM5/wJ"
    "fu6+e//h/fnJ2ftz1sV5yk3LhwzUhzfTGKDucaIwVcncbacS3qCFG1ZDNqhchrVuqJwDYR"
    "oH1gsTZTFZSaHUbaQTZulhNPw7pry6yCeUe/9Spl5vhTpt0+jTx1bqyFJHbuqR02Id+U+K"
    "i+jIXvfW6cjlOx/R9xVmw7TDcopKtnA5NWT5SAeYHGXppqnI8WVbyCyIZ0ikWjTrskyk16"
    "tuXi/bc1Ttx99V06m6FdTQQhVDehg72JvLAjM4mOXpVnCwpKQRLI1gaQS3yQiWIeVBwHM3"
    "V0h5NyOkvJtwFlm6PS+Cr99f0gxbaQZ+e37eFnHERWT254nrnlaFccmuuJWhY1XgOk6PGw"
    "8k9h83Hjp2mfZyjJ0UOLo+9nQbr6PiPuIhjuPSQsxr4k9xtHeBFulr9ek6pG8+lKtB/h7S"
    "TdESYr3zh1QqpVLZDOWjvUqluxQLaD0bgRaqld3TPJoP65Wq+jjXfhxOba8Zu74HrX0FLe"
    "vFYKdl0VzFhGALJ/S77nkuxM8zED+PI24aesqEHhB7mSAXo+4kT7bOWHf6V9fDmx6A2hKT"
    "B3I1+DoYjW8Hkx7Q0DPSjRUyH8hk8HU4+MYbTfSM0Qtv81vcvzu7jFfpibzYUpgKh58FI3"
    "ZhsMGAJEWLCsvFRuuRCVY1XL5qtV+16WI8HkUO7IvhNIbx/fXFgGHvQM86YZcsTpplDDjL"
    "ZlPEmT3FQY/K7hH4TUtjkZfuT+mv2wuqZfjr0kmBcBEGJ6RRQJpdeJIfv0yQDqkX9ygGOx"
    "Q9WY/z9dVw/6iSN+nzUw/SlFDU0NWjzApU0X5bU8zGxKno5CR8qQtI5ogXg4IEIPKMTYMs"
    "EaH/sIB7JINnZPIh7TmFoBbYooa5TiaTlXTP7d7A3ztMlUYusxPcmv8ZYgb+kPSOpHfquc"
    "+0md6JrsfcJE9UrM7WWm18XEx5Z9atzk+h4mp/WFIq/QWUfnZ6GUVD9MIystRHDE9+khfF"
    "MyQjYx6TheqesWFbiqdgFcQ2RVxO2wQn6eyfCoXmvPAEFktLjCW/Ui2iu20Jpe0E7dlwJW"
    "m19yDzjcn/Slj7/n2aOVm3whpWjraj6q3tsnD9GtyupfBGN8PtAMf1qf0jXU/dYCvQKYpo"
    "SpWwDN2sDMQj7Go78RbrpDngdqzbEkBud7m7MAdQq0p37nkocj34B2WG12HTpbLQTeehZO"
    "SmpPaboUa0mNqX6UDVfmHiib2aGN/tYW6+7P6wZvqZsVzRghtX53YyZnOwB1zpB3I5vpkO"
    "fpsqt/3LLz3AQKfoO1VW7GR7IHdfhqNRD1hPWNcfyLfx5MvH0fhbD7wY5tNMZ7N0l5ErPe"
    "CNYpoWnpjCUPkCLVwY3VwLo5uxMLrJhRF+sgTOUzZfxDjHxPa4NA5wmvNFFDlHEtlEm7Nk"
    "NL755HePpxhFgVcZMHPDLFQuNCzTvojy8r240FQX+BkJdv5MF25YTPpvC/hvmT7EHkOlhR"
    "GPCkrMC2Bur7Qd7YWopLQX6mIv+BiFDAbv6YNRN15I4WJGYRnpaEr4Q5crnb10YY9oREx6"
    "maWXWTpEW+AQdfbK/fHuNd1Tt6IaPlIioE7YATcZXk47wk22LD9dY7fVHNM1cq4UdmqEMI"
    "fzV+acOFBP4bxF81jkpi8Dpfa56KtNz/FnVpqHzJt1W5xkCvW6FcrMYUJHwDIAXUAKZlin"
    "iAMEHtf8Cv9eOyTAGwzwp4EJMAhAbK6sAffdPEILZWfplHR/oQtv4xvkby4deNKB14xNpq"
    "EGeR4HnrcF5fZTwBKrzR1WA4+SuKd5fBSn6S6K04SHQiYxSKO8hohKo1xGKddER4/Duj1K"
    "+YDRcL6JlKbyh0yobWp/KOq37Bi5zVQj9vKRNUodW+rYzdgkWqxje2sxMeKpVYcDgf2VHK"
    "5yaEsuOmyh5bMIz4wq2RsJGX6yPfzk0dAE4T3pQVV+/1bEru07nuoZmphDIaBx04toR4QO"
    "Wkf70cY6xcQ65j/b6JLZR3HFTmGqFHs1kRsifWSSknJ4yh8eZFlMVS+yR4VEZNBn8aBPHo"
    "PNLN6i5W3jcq04Iao+fi0KqS3YdPJF/QfSe5znmglnhcP+ryb9j9MecGQfyPBGccvZ9gAm"
    "ilvP9oH0b28n46+Dqx7/YINpPCONV739dXA55W0m+hPx4EveNh1O3CaKTTcc8/BpAJICLr"
    "swkM0AKVxpKSwkIZWsegWISlZdsuqNZdWTO2wJsLY8gjByqKSEEFbmrQgp5k5JXaYuMfAs"
    "KlAaryFZTw3+35zjduncceLesBom/zDD51rmMddN4m1NHjCHNEUYZGeYzvA8oXUSe28qbM"
    "bQ6+Ssvmi1ErowDXu+ENwi5BgSrlTWroSHYxPoluq6urRNkxlg2fWkk52OspxYqttdKVpe"
    "erpAwCAIePIgkHfizt44UB2FC0P/9ItTCNqdWoAhyi6yQVCRBTBNRrFV8QPZXrZwiVrpap"
    "OutmaccS12tclS03ujqWQCZ9sWmI9RVgJncKYWr3cdFZRMjGQLJbXVLERlrWDJF9aGgpF8"
    "YR34wggJ8Fpoi5RUbSy+cUVIFmQuHeM8BZkPGEv+yYQkvbyqe/Voexz5fNOxqihy2yPx0W"
    "yGVElxSYqrKRtFQy3wPBQXdGZtoaDEkMj+oxEPo39XEnfobYMJ5PNFZgXSdeYXO/2RU1AV"
    "6rrxwj88fvMf/s1xso67W/Kwjnk+/J7+2ffER98lQyIZkpojyjWmgniGROQEldyI5Ebqa1"
    "cW40Z860lGUmVhGtr+6mSoRyODRFEz8dChjIiZSJhP+Ra7NMulWd6IPaHFZrn85EPVn3ww"
    "ERsyTAt+eyAq1b7CVZVArRrLJaaKtYBFoI5KtQ/qCjLtTab6FcqoDCTaV8mgml0DW0+7Mn"
    "a+bJ136I7D1jlc3fXganh/3QNLpGF7+UA+Dz997oEFni8eyOVkOB1e9kc9wGQpVqG+C59X"
    "fopkA5NdjRUiBTXSzvh2cNMDXDJ/Tuv1YPKJtyyROa9NRqtMwJQcbB0RlaTh/klDmSq4h1"
    "TBsP3DayK8stz7xLlJ8zTFNLBfW+c9Tzn9wjmUr42yalQKZfxl4xmUohTVaCKlIEcynkYp"
    "zLUsL5HSpXMy+WBv4QiI4GBJpTPAZtBna55kH2hIxfz5eWl9CLyXAYbp/u2+K/DetQfQd3"
    "Y7fe2kPhozJ6GRvhi8Uj+DNZklWf7tJSNdAwXoSDLSkpGO6Gf+Mt/VuA7L15oB8QzqjT3t"
    "m9O+MV0P05mzo8K01PSidSGRNrB9e69aJ1Ia8p41QmH5ncS4S4arNYUjnmJikhKSlFDFiB"
    "44cbE1i1/SbHun2Q6W/FXPSVtK7le6llACzEUraDUUZ6GCtB1u/+yXvPE2gGNa0r6LzGWn"
    "MdoapoNnlJLGGFw9ykxj5P0UtOlYchpjcCJZ6C+ZvCg5qYZsEC3mpPhCTAz3BZ6nfgrHE2"
    "jTd3D+2e2enHzovj05Oz99/+HD6fnbzQdxkpeyvoxzMfzEP44TGcvk13Lc5E8xCZgSr6Gm"
    "+BBlDJ8gho9Cc86/5cwxKgByTKzOBOuOUJ90c0B90k2Fml8SQi06oLcCLTyn5YQWTGgNz2"
    "ZJgNOzy/3+r0otr6cRJMK0ksxyvCoypd3ebXAJVD2XV8yIKvzVmohQCzfm8mEuirAEtwC4"
    "TB0rHnIbkpG8tfSuSE9ACzwBzqLeH29az8Wfp76eONqWPQC4uR+NDsaZIhOri46IL3WvHG"
    "VypUGf2uSOp7I2wm1SQNp441fbWNhyvlycToKm+vbSVaeQSAu1p+7paZ4UwNPT9BRAfi2m"
    "QK0KWVde9xai+y5XguW7jATLd6JcYecbn0UYg5CIrEdXkDVI6F37PMx+/B9NX+zQ"
)
