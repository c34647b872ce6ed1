from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # Written by hand after ADD "seq": rows from before keep their global id as their seq, and
    # every tenant's sequence starts above the highest id ever given, so that a client resuming
    # across the upgrade with a global id misses nothing.
    return """
        DROP INDEX IF EXISTS "idx_stream_even_tenant__9bd092";
        CREATE TABLE IF NOT EXISTS "stream_sequence" (
    "last_seq" BIGINT NOT NULL,
    "tenant_id" UUID NOT NULL PRIMARY KEY REFERENCES "tenant" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "stream_sequence" IS 'The last `seq` given to each tenant''s streamed events.';
        ALTER TABLE "stream_event" ADD "seq" BIGINT NOT NULL DEFAULT 0;
        UPDATE "stream_event" SET "seq" = "id";
        INSERT INTO "stream_sequence" ("tenant_id", "last_seq")
            SELECT "id", (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "stream_event_id_seq") FROM "tenant";
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_stream_even_tenant__5e9668" ON "stream_event" ("tenant_id", "seq");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_stream_even_tenant__5e9668";
        ALTER TABLE "stream_event" DROP COLUMN "seq";
        DROP TABLE IF EXISTS "stream_sequence";
        CREATE INDEX IF NOT EXISTS "idx_stream_even_tenant__9bd092" ON "stream_event" ("tenant_id", "id");"""


MODELS_STATE = (
    "eJztXWtz2ziy/SsofZmkypNN5Djx1dzaKtlWMprIVlaWk707nuJAJCRhTAEaPuyo5ua/L8"
    "CH+KYIiZRJDr4kFojm4+DVfbob+KuzohrSzVf9Nf6ENp0e+KtD4AqxP2JXTkAHrtdBOS+w"
    "4Ex3qsI1Vh68SjPTMqBqseI51E3EijRkqgZeW5gSXrkPVlBdYoKAaiANEQtD/RUYE30DIL"
    "j9uf9j9+wdoHNgLREwEatjAWyCB7S2fnLK1gaa429gjolmOgUGfXrFH61RlT0bk0WlT7EJ"
    "/tNGikUXiBUb7Fm//saKWT30DZn+z/WDMsdI1yKIYo3fwClXrM3aKbu7G159cGryL5gpKt"
    "XtFQlqrzfWkpJtddvG2isuw68tEEEGtJAWApvYuu41i1/kvjErsAwbbV9VCwo0NIe2zpus"
    "879zm6i8pYDzJP7P2396rxaqpig346lyO5gqSifRwvwVYs3hFamU8N6BicWB+uu7e98AEK"
    "e0wx9w+XN/8uL03UsHAmpaC8O56MDV+e4IQgu6og7oAcqsLTkmCrSSaF+xKxZeoXTEo5Ix"
    "5DVP9JX/xz4t4BcETRAMEh9cH74KAO+wD9T4GPDaPqcBpsPrwe20f/2ZP25lmn/qDn796Y"
    "Bf6Tqlm1jpC7e9KBv/7rywvQn4Opz+DPhP8J/xzSDeqtt60/90+DtB26IKoU8K1ELd1C/1"
    "UWM1g1Z3/k+09+USGult7dePtTJDq4ntuoLfFB2RhbVkP9+8fp3TsF/6E2dwsVqx1rrxLn"
    "Xda98j+LrzoQjCgUQ5GO+evY6H8LsiAMdHQwjfd3F43SVIWUJzKYJxTKyFnfnd2wJQv3ub"
    "CTW/FINapfweCZR/uR3fZKC8lYivCVi1wP8DHZtWA4HOAZZjEZn4fUBfXPf/Hcf6cjS+iM"
    "/o/AYXMeB1aFqKbe61NMdlS1icvemjAa1Rp7XYxyR3MTbQI33Yq52jkrKV69zKvro82yhi"
    "lk1C8AAjpzntu9OkCZC1EIHEEkQ1IlSm2ZiE9Jia1/6Icjt8/pBqI7pYJdH9QA2EF+QT2j"
    "gYD9mbQKKmGQoeOzLd3qiRqAalwfMN+LTlLqKdin0++2hkuUpp//ayfzXoZEwJJWB7Z6Ii"
    "+ms9Z4CdyCYmwQi67C3Azd1o1HF68QyqD0/Q0JRId+ZXaJfGSrZ1k5dW3VW8BBK4cDDiH8"
    "Nf3cN+RBeYfIBYtw3USWEFI9dP8rhBnddU5qGqOxnCr0toAZXaDFEAFwxD0wIQWEuDWpbO"
    "sAcPaANeQAKg6tQC1GDXVR0j9jdbwNg0YL4EmADMbvDE+gF96iUIwioeck+gZaHVmpWw2t"
    "43mycAskes1//ADg9pbf7hPQW9Wm+ACTemJBbrsmacSGJREouRJc3zaxRlZLzqraO8TguR"
    "iqc5pOJpklT0Z8gkwENipeMbFomBjMtSxJJD53VVGC/4G/zYffP2/dvz03dvz1kV5y23Je"
    "9zUB/eTGOAuuuQwjQrY7+ZKvUGLZywGjJBFbLDdapyyoTpKFgX5tVispJxqVtLJ6zY5zEI"
    "bpm66yKfsAX8S7lmgBmqtMsAyG5bqSNLHbmpS06LdeQ/LCyiI3vVW6cjl++rRN/WmDXTHs"
    "MpKtnC4dSQ4SP9ZbKVpVenIj+ZbSJDEM+QSLVo1mWYSCdZ3ZxktufXOo57rKZddSeooYGa"
    "Dunz2MFeX04xg4Nenm0FB0NKGsHSCJZGcJuMYBmBHsRHdwtFoHdzItC7CWeRqdsLEXz9+p"
    "Jm2Ekz8Nvz9VbEEReROZ4nrntWFcYlu+LWVMdqius4O8w8kDh+mHlo2WXayys/UuWVp9t4"
    "FRX3FZ9jOa4mIh2vsCWUChBIPGsbzWysW5iwhmGPbXRz1MS95RhTKUq9b2Rlq/S+NVeuQv"
    "9ryFRAK4j1zm9Sx5c6fjN0wfbq+O5QFFBCtwIt1PK7Z0UUUVYrUxN1rn1/PiuqZs6OIxhR"
    "a2iaT5StlqKZpgnBFnboN93zQoif5yB+HkfcoHpGhx4Qe5XgeqPePU+2zlh3+lfXw5segN"
    "oKk3tyNfgyGI0/DyY9oKFHpNM1Mu7JZPBlOPjKCw30iNETL/NL3N+dfdqr9DRsbCpMhcOP"
    "KS12QVljQJKhRYXlYq01Y4JVNZevWh1XbboYj0eRBftiOI1hfHd9MWDYO9CzStjl7pNWMg"
    "POtFkXcXqPOOhR2SMCvy1pLPLSGy3dp0dBtQz3aTYpEN5Cw4kwTaFzLjzJD58mSIeWF4aa"
    "DnYomLUe6+vBcH+vkjfp81UPWhmRwaGrJ7n7h0Xr7UwQHBNnPy7AJn+gLiFZIL6VFyQAkU"
    "dsULJCxPrBBO6SDB6RwZu052zjtcSmRY1NcsOwku652zn7a4ep0shldoJb858hZuA3Se9I"
    "eqee80yb6Z3oeCxM8kTF6myt1cblyJR3Zt3qfBUSV/vDklLpF1D6OXDUTunc2R6vkMhBLq"
    "+acW3HdjUyvYGKxqqGZeQWOTE8uQ4limdIRgb/Jjd4fMTUNhVPtRXENkNcdtvkBMxXLsWC"
    "xkK4A6dLS4wls1UtovtNCaXNBO2ZcCVdePRsiy3ZciCsff8+zeysO2ENK0e7UfXGdlm4fg"
    "lu11J4o5PhboDj+tTxka6nbrAT6AxFNGN3vRzdrAzEI7x2O/FO10kLwO1YtyWA3O5tIsMc"
    "QK12iHTXwzSnj79Q5vh7tlUqC5p1XkrGzEqnSjPUiBY7VWReXLUnszywT0vHd3eAoS97PK"
    "yZfkZXa0tw4up8noxZH+wBV/qeXI5vpoN/T5XP/ctPPcBAt9A3S1mzle2e3H4ajkY9YD5g"
    "Xb8nX8eTTx9G46898ESNh7nOeuk+LVd6qKGFrazA0AyGyhdo4cDoFhoY3ZyB0U0OjPCbJX"
    "Cesv6SjnNM7IhD4xlWcz6I8n1d27VkNL756FePO8CiwKsMmAU1hPbNDcu0L5a/fP85NNQl"
    "fkQpM3+u8zwsJj3nIp5zxF9DtYQRjwpKzAUwt9fanvZCVFLaC3WxF3yMQgaD9/ZBq9MnIr"
    "yrV1hGOpoS/tDVWmcfLewRjYhJL7P0MkuHaAscos5ceTzevaZz6k5Uw0tKBNQJW+Amw8tp"
    "J3WSLctP19hptUB3jawrwk6NEOZwcWC2jwP1FC5a1I/T3PRloNQ+F321iVEcswmaIwPxwZ"
    "7lJwtqnOx0mClGpPLOLKm+n6X0gwlmVNsATFTdZpUAJJT7zIBzWzDbAP5q4MXvf/31T+fP"
    "799/f+mmNmlojQjfDMoECwOul8m8qcqekurgC0VDbNHQFOnsk86+Bk1IDTXeizj74oMy0f"
    "TZDHCKaFXc+/Pt3ViJB1DmQkjbvuaIyghySZjUyAIVIkxkrHPFsc4yRL8YrrtD9J8xFJSz"
    "KFlWrsew7LJvLa+a0P4fTOgEmJTZkdACc6xbiGPNzU12BWBuhgKvXcEfFBPAjCrEeugGcN"
    "NlBk2UvxdISfdPtWa3HZ9/ubRfpf3ajPmqxfarNwUVjsmDJR4xUCc79ayImXqWbaWeSSNV"
    "GqlNMFKlPSUzcqW6L67u+1ZslsofsnJ3qf0h+7rsfLBtVyP2asYKpY4tdexmTBIt1rG9sZ"
    "ho8cyjpgKB450zVWXTlnzSlIlWj2l45hyNtpWQqRa7Uy14VEMS3ewEIr9+K/K0jp079AgN"
    "zKEQOpUrIiQP5spvlD02L3RUN4WpUuzT0kLuslsmKSmbp/zmQabJVHWROSokIhMcxRMceb"
    "4xs3hFD9GJy7Vihah6+TUtaNkpk06xDPdA+oj9XDPgXDjF/WrS/zDtAUf2ngxvFPfQnB7A"
    "RHFPzbkn/c+fJ+Mvg6seP6XToI9I42fr/DK4nPIyA/2BeKIhL5sOJ26RhQ039fD5U95nzK"
    "Z54C+QaMvcDMqwmMyfFMiflJR72ZsO2wwQ4V2cw0ISUunFqABR6cWQXozGejGSM2wJsLY8"
    "OzGyqGSkJ1bmHQoZQs5BSUw9ZeCZaSepX0OymVL+b8F2u3TuOHFvWI3n5Hmaz2VCYq6yxN"
    "caPBnPz4DoxRL4qOE0zwPaJLH3usK2Db1KzuiLxmNaS4Pai2XKLUKOuNSRysqVcHNsk+gy"
    "XYWXtmEwgzf/lLBkpZM8p6HqVldEDw2bLhGgBAFPHgTyTpzfCweqk/BxXy9/crLT3K4FGK"
    "LsImsEFZkAW8mowSoekO/VDB88JF2b0rXZjDWuxa5NeYDY0WhBeZTVc7kb5LZcbZvafIzy"
    "tuUKtBnxU8yigpIDkzytJBWbhajM35VMbW3IL8nU1oGpjdAvh0IrclBOY/GNK0Iy9bx0jI"
    "uknj9j1sRHAzqvnp4z4V492Z0xsdhWrCpfwvbcJ2g+R6okFyW52JSJoqEWeBFyETq9Vij8"
    "NiRy/LjbFlFe3jSYQL5YDGIgXWdmt9MfOcfkQF2nT/fkanDzfz2gIbKJO7qK8L3nBeje80"
    "y291wmj1eyokiGpDpEucYkiGdIRHZQyY1IbqS+dqUYN+JbTzKGLQ/T0PRXJ0M9GpOVFq8U"
    "D9rKiVWKBFiVb7FLs1ya5Y2YE1pslsuDPKs+yNNArMmwJXiiZFSqfVu0VQK1SlcrbCnmEo"
    "pAHZVqH9QV7ClhMNVPKHc4kGjfnh3VzBrYfNiXsfNl6zxDdxy2zuHqrgdXw7vrHlghDdur"
    "e/Lz8OPPPbDEi+U9uZwMp8PL/qgHmKyFVajvw+eVnwzcwLRuukZEUCPtjD8PbnqASxbP3r"
    "4eTD7ykhUyFnXJ3Zapr5KDrSWikjQ8PmkokzSPkKQZtn/47h8HHuI3cW7SPE0xC+xDT+8r"
    "ckiicPbqoVFWjUpejX9sPHc1LTk4msKakp0aT2BNzXItL4XVpXNy+WBv4KQQwcGQymaAja"
    "BOgQMbNaRi/v78EAnoH6wIqOH+dr8VeN/aA+gbu52+cZJO6dxJJbWeKD+TgsGadlJj2beX"
    "jHQNFKATyUhLRjqin/nDfF/jOixfawbEM6i39rRvTvvGdD1MZ86OpiYEZ2/PGBJpA9uXN7"
    "Yq2Z8xTWkoutakCh+w9DSnLQS4C1etEY54iolJSkhSQhUj+syJi60Z/JJm+/ucO1rPTlv6"
    "saPJ4KwDYRbdu6yhOKcqSLvh9td+yRvvAjimJR17e79cNuwXOuukUGG8+CSPB/vDq1Bsmz"
    "bbmtFvnHTSbIPfATxR46EHEGHtaCMNYOLSUQYkppvj5DNUHonlnNZKENJytmqr4CG7CbFf"
    "Q65rwyYKnFv+uVSSJ5M8Wf0mrRbzZA8M0nSOLL2t/fp15sRqE+G2hhudwhR8s7NVQyIyW/"
    "WAbNUGhla5S67gotH5193gjgdKudL3ZHJ3czO8+dgDbGUlrEXuye3d5eVgcMUrmbaqsrWa"
    "1/vQH4540Rxinf++GvSveK4rrEuwlWWh1TptP+XMM/LCIsc7Je91VZNTyUfk8fbaA9S42P"
    "GAPW8IsIEKK6g3RQRbqDY1RE3yMcnVk3SqPuylHEcES2jkehImbWrjmVCKTUSoDY7K2MJe"
    "KC3hTU5awptkWgIyjLTYyWxf8FagDQAf2xM8xwSby70mr5ionL7qPH1Jx6l08h0F1TKcfM"
    "/D3A++IdXmXz2ii04KhR+5fpLH5SO/pqJ7VXey+mN+LgrUdc6gQwJGo2vwhK1lEIX6gwnW"
    "BmWG1gmApkOys+frWHXPT+G5vIbl0Oygv14jov1Iib5JEvsVPqcItx9y2YaIYcnuS3a/pm"
    "Zqi9l9eRbL8c5iyQm0zNugISfCsizrpmX7M/AMG6JulFUKjflBpzDDhoyKxaCec7kG9uoc"
    "dK/GdxejAfg8GVwOb4eei2U7OTkXeVFwePJk0B/FoMZkbVtsuX9AaalhmZxxXEyS8XHOmN"
    "rWXsgm5CS0cWhVmhrIlj0x+ALHnBKqArPi+cAxhETWt61AG4i7I6xtDXRbOz5l0xQ0hzqO"
    "V/r21vNJm+Y9GUwm40kPbLneZ95vWZLUxySpHZVBaF/3QEIeZLh/nIyrUIh080BC9nPxfs"
    "4+n6gOOgnILyjVESQZPH1YLgb8jAlWNb1vS46L/cV4PIpgfzGMg3t3fTGYvHjzMqq0JPVB"
    "6RZpWT5Zg2xw6Wuqg6+pFgllNe21DT5N7NYyEFwNHlH6cWLhyyd5rjzTqaigbc1C+TkGWu"
    "twA2b2fI4MMENL1o6OL+32dgDcW/bACJrWj84r/Di8YiKmvUImT6qBZOOk2iAjPTGntLvf"
    "k3sytLYXnXBDAPlvCxoWsCh9Bca6Bgz6xK4aCKyZooG0n5yHeY/HJphRm3VTzbndpY7ZI/"
    "kOOAj8bqI/fz8BT0usLln7rGastwAE2Q93XP7Afj06tSkBmP/3RHoAayZQ2R3ZYAFQNSi3"
    "/tz6Jntvm72OhXSdvaZbCJb0Caz4RwXHB7p+S8q9kCa7pqEs/+SvoamUvexhx7hd4EU26Z"
    "m2rqXwcd4gO8wlWSXL4fJx/9Ptnp6+774+fXd+9vb9+7Pz11tiLnkpj6G7GH7kSllEefO1"
    "tGx/JW8qIfg9gdbwoUfBX+YBpfBIp90CRNJpN5NJ4pei4PJeLkJt+PVlBtABzEazIh6OOs"
    "O3N+Ch7sZ+XUZcywzTWlpOtY2CdC2jWx56wlso03ba1ihiPpnhyoUsKJ2ZL64BARaYGQnM"
    "GImZDu6tmZHg2hDpppL4bbgR8wmtLQDX3AaaG3QVMnd8a4YbQuwxzLjYAJ79tultDRJ2T9"
    "fW4dcJu6sBHHOKmTFwwXrECTCpa2TZK15FdSwmJhW12FzJJWbYsL+f2N+h7zxgX9F6TYJ1"
    "2M+35GBK3uUUYQslLCXNlOJmSmIxEpk1dy9cY4KmlP1T+bJVh4FQ+qJ10EL0Fc2WlD6krU"
    "D+pdyl5ylUSZ4pKGPXa2HJydj1ckw52xCKNPOqt5CP6r4uGmmWG2qWzMJ1lE0RXiqQkMzU"
    "IXvTIDYvCSVkBBIt7N/l52I4bqKU80hzI2wCoSOG1/jrtYyu+VtH1zSNb2uD5ZKBNxNj04"
    "CB0YFnTXkGzJV7u00DZ+ks4A89daqISbiFLds0DCO700RUtHDtQqnajrIDTP6PRZ0DgLx7"
    "/eQEMrix9gASDfjbYznxE6wvmM5ZQbzSH3SWnp9d5s2l/VqDGfxE2q/Sfk2aVyJK/lZA6v"
    "hFTg+nWso+XdlpC379VoB77KwFNirW7A0Qw1NLsasyXR4Jub38HjVLGSk7YdVTTfZaIOKy"
    "coeuOu/QxTQ2QUs5kJBxKZJ5qBhR31YSgzQqJbuppHOeI68n5Ao+ENiQ57mZHXYntNERux"
    "tb79yaA3H1jsdpKabBQl2nSL++rWErM0MqdPUkj0ODvJ5AfpRQqEWp+TmSu5LcleSuDueu"
    "6p99Vb19f+QELPd0NRG+MJCoitN6vo0Dy+cLLWiwRcfFSADkmFgr2MOq0908zMR2wowIyQ"
    "69u0NreD5PApyTVOjVl7sl7R+5hdciXdqt3YZdkio/KM9Aj8oSmksReCNCLZyYy4dZFGEJ"
    "riC4Sub2MrcrqOuZ6nNc9nh69JtqlejT7vt3W7WZ/8hTlG+v+6NRqmZMDUFSOixzgNFfs2"
    "lYOk7qg6jk+I/O8TuDugRY70zUQB2sKKjhqS+CKXsBcHM3Gj0bGY0MrC47aUS0e+Ukl4QO"
    "6tQm1e/vshfUgaEu2exyprqUrZNma0ltUEu7Z2dFUr3OzrIzvfi1mAK1FjJbveotRLeSwy"
    "zZE63USM9sKiYkIhPpBOmYg3YDOHQx+/5fTQDg0w=="
)
