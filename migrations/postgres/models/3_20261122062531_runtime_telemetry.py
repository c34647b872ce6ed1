from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "asset_reference" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "referenced_name" VARCHAR(100) NOT NULL,
    "asset_id" UUID NOT NULL REFERENCES "asset" ("id") ON DELETE CASCADE,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "version_id" UUID NOT NULL REFERENCES "asset_version" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_asset_refer_version_e3945a" UNIQUE ("version_id", "referenced_name")
);
CREATE INDEX IF NOT EXISTS "idx_asset_refer_referen_ccad12" ON "asset_reference" ("referenced_name");
CREATE INDEX IF NOT EXISTS "idx_asset_refer_tenant__7efe23" ON "asset_reference" ("tenant_id");
COMMENT ON TABLE "asset_reference" IS 'A version''s body includes another asset by name (`{{> name}}`): the dependents graph.';
        CREATE TABLE IF NOT EXISTS "execution_log" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "environment" VARCHAR(64) NOT NULL,
    "request_id" VARCHAR(200),
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "input_tokens" INT NOT NULL,
    "output_tokens" INT NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "model" VARCHAR(200),
    "status" VARCHAR(8) NOT NULL,
    "error" TEXT,
    "inputs" JSONB,
    "output" TEXT,
    "truncated" BOOL NOT NULL,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    "version_id" UUID NOT NULL REFERENCES "asset_version" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_execution_l_request_0b995a" ON "execution_log" ("request_id");
CREATE INDEX IF NOT EXISTS "idx_execution_l_tenant__33b44d" ON "execution_log" ("tenant_id");
CREATE INDEX IF NOT EXISTS "idx_execution_l_version_e7de5e" ON "execution_log" ("version_id", "created_at");
COMMENT ON COLUMN "execution_log"."status" IS 'SUCCESS: success\nERROR: error';
COMMENT ON TABLE "execution_log" IS 'One call of an LLM with a version''s prompt, as the application reports it. Append-only.';
        ALTER TABLE "tenant" ADD "limits" JSONB NOT NULL DEFAULT '{}';
        ALTER TABLE "activation" ADD "rollout" JSONB;
        ALTER TABLE "asset_version" ADD "breaking" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "current_activation" ADD "rollout" JSONB;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "tenant" DROP COLUMN "limits";
        ALTER TABLE "activation" DROP COLUMN "rollout";
        ALTER TABLE "asset_version" DROP COLUMN "breaking";
        ALTER TABLE "current_activation" DROP COLUMN "rollout";
        DROP TABLE IF EXISTS "execution_log";
        DROP TABLE IF EXISTS "asset_reference";"""


MODELS_STATE = (
    "eJztXWtz2ziy/SsofZmkykklSpz4am5tlWwriSaylSvLyd4dT3EhEpIwpkANCdpRZfPfF+"
    "BDfFOERMokB18SC0TzcfDqPt0N/OisDA3p1sv+Gn9Gm04P/OgQuELsj9iVE9CB63VQzgso"
    "nOlOVbjGyr1XaWZRE6qUFc+hbiFWpCFLNfGaYoPwyn2wguoSEwRUE2mIUAz1l2BM9A2A4O"
    "ZT/0X39B0w5oAuEbAQq0MBtsA9WtNfnbK1ieb4O5hjollOgWk8vuSP1gyVPRuTRaVPsQn+"
    "y0YKNRaIFZvsWb//wYpZPfQdWf7P9b0yx0jXIohijd/AKVfoZu2U3d4OLz84NfkXzBTV0O"
    "0VCWqvN3RpkG1128baSy7Dry0QQSakSAuBTWxd95rFL3LfmBVQ00bbV9WCAg3Noa3zJuv8"
    "79wmKm8p4DyJ//P2H96rhaopyvV4qtwMporSSbQwf4VYc3hFqkF478CEcqB+/HTvGwDilH"
    "b4Ay4+9SfP3rx77kBgWHRhOhcduDo/HUFIoSvqgB6gzNqSY6JAmkT7kl2heIXSEY9KxpDX"
    "PNGX/h/7tIBfEDRBMEh8cH34KgC8wz5Q42PAa/ucBpgOrwY30/7VF/64lWX9pTv49acDfq"
    "XrlG5ipc/c9jLY+Hfnhe1NwLfh9BPgP8G/xteDeKtu603/1eHvBG1qKMR4VKAW6qZ+qY8a"
    "qxm0uvN/or0vltBMb2u/fqyVGVpNbNcV/K7oiCzokv18/epVTsN+7U+cwcVqxVrr2rvUda"
    "/9jODrzociCAcS5WC8e/Y6HsLvigAcHw0hfN/F4XWXIGUJraUIxjGxFnbmd28LQP3ubSbU"
    "/FIMatXg90ig/NvN+DoD5a1EfE3AKgX/ATq2aAOBzgGWYxGZ+H1An131/xnH+mI0Po/P6P"
    "wG5zHgdWhRxbb2WprjsiUszt700YDWqNNa7GOSuxib6MG436udo5Kylevcyr66PNsoYpZN"
    "QvAAI6c57bvTpAmQpYhAQgVRjQiVaTYmIT2m5rU/otwOn9+n2oguVkl0PxgmwgvyGW0cjI"
    "fsTSBR0wwFjx2Zbm/USFSD0uD5JnzcchfRTsU+n300oq5S2r+56F8OOhlTQgnY3lqoiP5a"
    "zxlgJ7KJSTCCLnsLcH07GnWcXjyD6v0jNDUl0p35FaNrxEq2dZOXVt1VvAQSuHAw4h/DX9"
    "3DfmQsMPkAsW6bqJPCCkaun+RxgzqvqcxDVXcyhPy+SAMW6y0vMLHAGpmALk2DUp0hD+7R"
    "BjyDBEBVNWxCgWECCFQdI/Y3W77YJGA9PwGYVQCWjjUu8sg6QxpLWOmTJFNYg0XgRDKFki"
    "mMrFGeo6IoxeJVbx2H9aYQS/gmhyV8k2QJvWk+hV0ZEpqOb1gkBjIuS7NKDp1XVWG84G/w"
    "ovv67fu3Z2/evT1jVZy33Ja8z0F9eD2NAeouJwpTlcz9ZqrUG7RwwmrIBFXIsNYNlXMgTO"
    "PAujBRFpOVFErdWjphlj6Nhn/DlFcX+YRy71/K1eutUKVdGn1220odWerITV1yWqwj/0mx"
    "iI7sVW+djly+8xF9X2PWTHsMp6hkC4dTQ4aPdIDJVpZumoocX7aFTEE8QyLVolmXYSK9Xn"
    "Xzetmeo+o4/q6adtWdoIYGajqkT2MHe305xQwOenm2FRwMKWkESyNYGsFtMoJlSHkQ8Nwt"
    "FFLezQkp7yacRZZuL0Tw9etLmmEnzcBvz9dbEUdcROZ4nrjuaVUYl+yKWxs6VlNcx9lx44"
    "HE8ePGQ8su015eYicFjm5eerqNV1FxX/EpluNqQszxClOh2P5A4knbaGZjnWLCGoY9ttHN"
    "URP3lmNMpSj1vpGVrdL71ly5Cv3vIVMBrSDWO39IHV/q+M3QBdur47tDUUAJ3Qq0UMvvnh"
    "ZRRFmtTE3Uufbz6ayomjk7jmBEraFlPRpstRRNHU0ItrBDv+6eFUL8LAfxszjipqFndOgB"
    "sVcJrjfq3fNk64x1p395NbzuAaitMLkjl4Ovg9H4y2DSAxp6QLqxRuYdmQy+DgffeKGJHj"
    "B65GV+ifu7s097lZ5XjS2FqXD4IaXFzg3WGJBkaFFhuVhrzZhgVc3lq1bHVZvOx+NRZME+"
    "H05jGN9enQ8Y9g70rBJ2ufuklcyAs2zWRZzeIw56VPaIwG9LGou89EZL9+lRUC3DfZpNCo"
    "T3xHAiTFPonHNP8sPnCdIh9cJQ08EOBbPWY309GO6fVfImfb7qQZoRGRy6epK7IVi03s6M"
    "vzFxNthy8u/UJSQLxPfmggQg8oBNg6wQob9YwF2SwQMyeZP2nH25ltiihrlJ5vaVdM/dzt"
    "nfO0yVRi6zE9ya/wwxA39IekfSO/WcZ9pM70THY2GSJypWZ2utNi5Hprwz61bnq5C42h+W"
    "lEq/gNLPgTPslM6d7fEKiRzk8qoZ13ZsVyPTGwzRWNWwjNzzJoYn16FE8QzJyODf5I6ND9"
    "iwLcVTbQWxzRCX3TY5AfOVS6HQXAh34HRpibFktqpFdL8pobSZoD0TrqQLj55tsSVbDoS1"
    "79+nmZ11J6xh5Wg3qt7YLgvXr8HtWgpvdDLcDXBcnzo+0vXUDXYCnaGIZmyXl6OblYF4hN"
    "duJ97pOmkBuB3rtgSQ273vY5gDqNWWj+56mOb08RfKHH/PtkplQbPOS8mYWelUaYYa0WKn"
    "isyLq/aolXv2aen47g4w9GWPhzXTz4zVmgpOXJ0vkzHrgz3gSt+Ri/H1dPDPqfKlf/G5Bx"
    "joFH2nypqtbHfk5vNwNOoB6x7r+h35Np58/jAaf+uBR8O8n+usl+7TcqWHGlJMswJDMxgq"
    "X6CFA6NbaGB0cwZGNzkwwm+WwHnK+ks6zjGxIw6NJ1jN+SDK93Vt15LR+PqjXz3uAIsCrz"
    "JgFoYptG9uWKZ9sfzl+8+hqS7xA0qZ+XOd52Ex6TkX8Zwj/hoqFUY8KigxF8DcXmt72gtR"
    "SWkv1MVe8DEKGQze2wetbjwS4V29wjLS0ZTwh67WOvtoYY9oREx6maWXWTpEW+AQdebK4/"
    "HuNZ1Td6IaXlIioE7YAjcZXkw7qZNsWX66xk6rBbprZF0RdmqEMIeLA7N9HKincNGifpzm"
    "pi8Dpfa56KtNjOKYTdAcmYgP9iw/WVDjZKfDTDEjlXdmSfX9LKVfLDAztA3ARNVtVglAYn"
    "CfGXBuC2YbwF8NPPv3jx//cP78+fPfz93UJg2tEeGbQVlgYcL1Mpk3VdlTUh18oWiILRqa"
    "Ip190tnXoAmpocZ7EWdffFAmmj6bAU4RrYp7f7q9GyvxAMpcCGnb1xxRGUEuCZMaWaBChI"
    "mMda441lmG6BfDdXeI/hOGgnIWJcvK9RiWXfYt9aoJ7f/BhE6AZTA7ElIwxzpFHGtubrIr"
    "AHMzFHjtCv40MAHMqEKsh24AN11m0EL5e4GUdP9Ua3bb8fmXS/tV2q/NmK9abL96U1DhmD"
    "xY4hEDdbJTT4uYqafZVuqpNFKlkdoEI1XaUzIjV6r74uq+b8VmqfwhK3eX2h+yr8vOB9t2"
    "NWKvZqxQ6thSx27GJNFiHdsbi4kWzzxqKhA43jlTVTZtySdNWWj1kIZnztFoWwmZarE71Y"
    "JHNSTRzU4g8uu3Ik/r2LlDD9DEHAqhU7kiQvJgrvxG2WPzQkd1U5gqxT4tLeQuu2WSkrJ5"
    "ym8eZFlMVReZo0IiMsFRPMGR5xszi1f0EJ24XCtWiKqXX4tCaqdMOsUy3APpI/ZzzYRz4R"
    "T3y0n/w7QHHNk7MrxW3ENzegATxT015470v3yZjL8OLnv8lE7TeEAaP1vnt8HFlJeZ6E/E"
    "Ew152XQ4cYsoNt3Uw6dPeZ8xm+aev0CiLXMzKMNiMn9SIH9SUu5lbzpsM0CEd3EOC0lIpR"
    "ejAkSlF0N6MRrrxUjOsCXA2vLsxMiikpGeWJl3KGQIOQclMfWUgWelnaR+BclmavB/C7bb"
    "hXPHiXvDajwnT9N8LhMSc5UlvtbkyXh+BkQvlsBnmE7z3KNNEnuvK2zb0KvkjL5oPCZdmo"
    "a9WKbcIuSISx2prFwJN8c2iS7TVXhhmyYzePNPCUtWOslzGqpudUX00LDpEgGDIODJg0De"
    "ifN75kB1Ej7u6/mvTnaa27UAQ5RdZI2gIgtgmowarOIB+V7N8MFD0rUpXZvNWONa7NqUB4"
    "gdjRaUR1k9lbtBbsvVtqnNxyhvW65AmxE/xSwqKDkwydNKUrFZiMr8XcnU1ob8kkxtHZja"
    "CP1yKLQiB+U0Ft+4IiRTz0vHuEjq+RNmTXw0ofPq6TkT7tWT3RkTi23FqvIlbM99guZzpE"
    "pyUZKLTZkoGmqBFyEXodNrhcJvQyLHj7ttEeXlTYMJ5IvFIAbSdWZ2O/2Rc0wO1HXj8Y5c"
    "Dq7/vwc0RDZxR1cRvvesAN17lsn2nsnk8UpWFMmQVIco15gE8QyJyA4quRHJjdTXrhTjRn"
    "zrScaw5WEamv7qZKhHY7LS4pXiQVs5sUqRAKvyLXZplkuzvBFzQovNcnmQZ9UHeZqINRmm"
    "gidKRqXat0VbJVCrxmqFqWItoQjUUan2QV3BnhImU/2EcocDifbt2VHNrIGt+30ZO1+2zj"
    "N0x2HrHK7uanA5vL3qgRXSsL26I5+GHz/1wBIvlnfkYjKcDi/6ox5gshSrUN+Hzys/GbiB"
    "ad3GGhFBjbQz/jK47gEuWTx7+2ow+chLVshc1CV3W6a+Sg62lohK0vD4pKFM0jxCkmbY/u"
    "G7fxx4iN/EuUnzNMUssA89va/IIYnC2auHRlk1Knk1/rHx3NW05OBoCmtKdmo8gTU1y7W8"
    "FFaXzsnlg72Bk0IEB0MqmwE2gzoFDmzUkIr5+/NDJKB/sCIwTPe3+63A+9YeQN/Z7fSNk3"
    "RqzJ1UUvpo8DMpGKxpJzWWfXvJSNdAATqRjLRkpCP6mT/M9zWuw/K1ZkA8g3prT/vmtG9M"
    "18N05uxoakJw9vaMIZE2sH15Y6uS/RnTlIaia02q8AFLT3PaQoC7cNUa4YinmJikhCQlVD"
    "GiT5y42JrBL2m2v8+5o/XstKUfO5oMzjoQZtG9yxqKc6qCtBtuf+2XvPEugGNa0rG398tl"
    "w34zZp0UKowXn+TxYH96FYpt02bTmfGdk06abfI7gEfDvO8BRFg72kgDmLh0lAmJ5eY4+Q"
    "yVR2I5p7UShLScrdoqeMhuQuz3kOvatIkC59Q/l0ryZJInq9+k1WKe7J5Bms6Rpbe1X7/O"
    "nFhtItzWcKMbMAXf7GzVkIjMVj0gW7WBoVXukiu4aHT+73ZwywOlXOk7Mrm9vh5ef+wBtr"
    "IS1iJ35Ob24mIwuOSVLFtV2VrN633oD0e8aA6xzn9fDvqXPNcV1iXYilK0Wqftp5x5Rl5Y"
    "5Hin5L2qanIq+Yg83l57gBoXOx6wZw0BNlBhBfWmiGAL1aaGqEk+Jrl6km6o93spxxHBEh"
    "q5noRJm9p4JpRiExFqg6MytrAXSkt4nZOW8DqZloBMMy12MtsXvBVoA8DH9gTPMcHWcq/J"
    "KyYqp686T1/ScSqdfEdBtQwn39Mw94PvSLX5V4+MRSeFwo9cP8nj8pFfU9G9qjtZ/TE/Fw"
    "XqOmfQIQGj0RV4xHQZRKH+YoG1aTBD6wRAyyHZ2fN1rLrnp/BcXpM6NDvor9eIaC8Mom+S"
    "xH6FzynC7YdctiFiWLL7kt2vqZnaYnZfnsVyvLNYcgIt8zZoyImwLMu6adn+DDzDhqgbZZ"
    "VCY37QDZhhQ0bFYlDPuVwDe3UOupfj2/PRAHyZDC6GN0PPxbKdnJyLvCg4PHky6I9iUGOy"
    "tilb7u9RWmpYJmccF5NkfJwzNmy6F7IJOQltHFrVSA1ky54YfIFjTglVgVnxfOAYQiLr21"
    "agDcTdEda2BrqtHZ+yZQmaQx3HK31z4/mkLeuODCaT8aQHtlzvE++3LEnqY5LUjsogtK97"
    "ICEPMtw/TsZVKES6eSAh+7l4P2efT1QHnQTk54ahI0gyePqwXAz4GROsanrflhwX+/PxeB"
    "TB/nwYB/f26nwwefb6eVRpSeqD0i3SsnyyBtng0tdUB19TLRLKatprG3ya2A01EVwNHlD6"
    "cWLhyyd5rjzLqaigbc1C+TkmWutwA2b2fI5MMENL1o6OL+3mZgDcW/YA5mkxhHtQ+G0sA4"
    "ygRV847/RieAlUyN1tlr1CPNEGJo+Zqe5Jd4Rn+rD7QXYzJwgRQF6DQpO+BGNdA6bxaAFo"
    "IrBmqgfSfnUe6b0EtsDMsFnH1Qq7BYMJjfUkMW/gOV5kU41pq0kKC+Z17cMcgVVyCy4L9j"
    "/d7ps377uv3rw7O337/v3p2astHZa8lMeLnQ8/clUoojL5ulG2l1Bmg2zZhDfdAnTCm24m"
    "n8AvRdUmjrqIgevXl3kgB9i3zfJ7H3XGaa/bu+4mX11GXMvMk1rqz7WNhfuGZkvDuE9Tnf"
    "1LuWrzY6iSPNBHBo7VYgGVgWPlrKC2KeTm9aq30Azovirq5s318yZTYLhlLuTvCiSkQXBI"
    "Yjhi85JQNGQg0cL+XX4gJN8m5iHlMLBc91YgdETflr9eS9fW39q11TQzp6FemGwrJ7xrs8"
    "6mAROjAw968AyYS/d2mwbO0lnAH3rkQxGTcAtbtmkYRnaniaho4dqF8qQcZQdY/B9qOLvv"
    "e/f6FWBqATfQzfVdeHtTOK4K1hcsZ6N+XulPY5aeHFXmzaX9WoMZ/ETar9J+TZpXIkr+Vk"
    "Dq+EWO7jS0lE0ysmMG/fqtAPfYIYNsVKzZGyCGp5ZiV2W6xhNye+WK1Cxes+xsEU812WuB"
    "iMvK7THqvD0G09gELeVAQroDJfNQMaK+rSQGaVRKdlNJ5zxFUG3IFXwgsCHPczM77E5ooy"
    "N2N7bepvEH4urtTd9STIOFuk4BFn1bwzQzPDl09SSPQ4O8nkBwslCoRTgs10J/uXG5kruS"
    "3FXtp4YWc1d8ICaaOy8G3hM43lYQLYmDj/qss84KzXZYV3s66NPt2lM+X0ihyRYdFyMBkG"
    "NirWAPq84y8DAT24YqIiQ79O4OreH5PAlwTi6HV19uVbB/5BZei3Rpt3Ybtiio/JQaEz0o"
    "S2gtReCNCLVwYi4fZlGEJbhiQYeG6EHMYRl5vK3k9yUV3QIq2hnUJcBa8HjVeg7+naCGp7"
    "4IpuwFwPXtaPRknCkysbrspPGl7pWTXK40qFObjLS/y84FB0ZkZJOgmTu2ZKtOIZEWak/d"
    "09MiGUmnp9kJSfxaTIFaC1lXXvUWolvJgUfsiTQ1IDGbMQiJyHwvQdYgoXcdczH7+V/vyp"
    "cd"
)
