from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "provider_connection" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "base_url" VARCHAR(2000) NOT NULL,
    "default_model" VARCHAR(200),
    "scope" VARCHAR(16) NOT NULL,
    "namespace" VARCHAR(64) NOT NULL,
    "key_ciphertext" TEXT,
    "key_hint" VARCHAR(8),
    "local" BOOL NOT NULL,
    "owner_id" UUID REFERENCES "user" ("id") ON DELETE CASCADE,
    "tenant_id" UUID NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_provider_co_tenant__66f24c" UNIQUE ("tenant_id", "namespace", "name")
);
CREATE INDEX IF NOT EXISTS "idx_provider_co_tenant__0fc67a" ON "provider_connection" ("tenant_id");
COMMENT ON COLUMN "provider_connection"."kind" IS 'OPENAI_COMPATIBLE: openai_compatible\nANTHROPIC: anthropic';
COMMENT ON COLUMN "provider_connection"."scope" IS 'TENANT: tenant\nUSER: user';
COMMENT ON TABLE "provider_connection" IS 'Where and how to reach a model provider. The API key is kept sealed';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "provider_connection";"""


MODELS_STATE = (
    "eJztXf1z2ji3/lc0/LLtDM22pGl72TvvDEloy5aEXEK27303O64wArwxkteWkzJ7+79fSb"
    "bB31hgiPHqlzbYOrL96Ouc55wj/d1YkAkynZOOZXxBy0Yb/N3AcIHYH7E7TdCAlrW+zi9Q"
    "ODZFUWgZ2oNfaOxQG+qUXZ5C00Hs0gQ5um1Y1CCYF+6ABdTnBkZAt9EEYWpA8wQMsLkEEN"
    "x+7rxqnb0DZAroHAEHsTIUGA54QBb9RVyzbDQ1voOpgSeOuGCTpxP+6AnR2bMNPNvrU1xs"
    "/OUijZIZYpdt9qzf/2CXWTn0HTnBT+tBmxrInEQQNSa8AnFdo0tLXLu7611+FCX5F4w1nZ"
    "juAq9LW0s6J3hV3HWNyQmX4fdmCCMbUjQJgY1d0/SbJbjkvTG7QG0XrV51sr4wQVPomrzJ"
    "Gv89dbHOWwqIJ/F/3v7Lf7VQMU27Hoy02+5I0xqJFuavEGsO/5JOMO8dBqYcqL9/ePWuAR"
    "FXG/wBF587wxen714KCIhDZ7a4KeBq/BCCkEJPVIC+Rpm1JcdEgzSJ9iW7Q40FSkc8KhlD"
    "fuKLngR/bNMCwYV1E6wHSQBuAN8eAG+wD5zwMeC3fU4DjHpX3dtR5+qGP27hOH+ZAr/OqM"
    "vvtMTVZezqC6+9CBv/3rywqgR87Y0+A/4T/Gdw3Y236qrc6D8N/k7QpUTD5EmDk1A3Da4G"
    "qLGS61YX/yfa+2IO7fS2DsrHWpmhdYztuoDfNRPhGZ2zn29ev85p2N86QzG4WKlYa137t1"
    "revR8RfL35UAbhtUQ5GG+evQ6H8LsiAMdHQwjfd3F4vSVIm0NnLoNxTKyGnfnd2wJQv3ub"
    "CTW/FYNaJ7yOBMq/3g6uM1BeScTXBEOn4P+AaTj0CIHOAZZjEZn4A0BfXHX+Hcf6oj84j8"
    "/ovILzGPAmdKjmOlstzXHZEhZnf/o4gtao0locYJK7GNvokTxs1c5RSdXKVW7lQF0eLzU5"
    "yyYhuIORczztu9GkWSNLEYaYSqIaESrTbExCekjNa3tEuR0+fUi1ET2skuh+JDYyZvgLWg"
    "qMe+xNINbTDAWfHRmtKjpKVNdX18+34dOKu4h2Kvb57KMR9ZTSzu1F57LbyJgSSsD2zkFF"
    "9NdqzgAbkU1MghF02VuA67t+vyF68RjqD0/QnmiR7szvkBaJXVmVTd5atBbxKxDDmcCIfw"
    "x/dR/7PpkZ+CM0TNdGjRRWMHK/mccNmrykNg0V3cgQfp1DCnTiMkQBnDEMHQogoHObUGoy"
    "7MEDWoIXEAOoi1KA2Oy+bhqI/c0WMDYNOC+BgYHBKnhi/YA8tRME4T4eco8hpWhhsSustP"
    "/NThNA9gjL+tkQPCRd/uw/BZ1YS+DApaOIxaqsGU1FLCpiMbKk+X6NooyMX7x2lNdpIVLx"
    "NIdUPE2SisEMmQS4h2k6vmGRGMhGWYpYcui83hfGM/4Gr1pv3r5/++H03dsPrIh4y9WV9z"
    "mo965HMUC9dUhjmpW93UyVWkENJ6wjmaAK2eEm0TllwnQUw5Tm1WKyinGpWksnrNjnMQhu"
    "mbrrIZ+wBYJbuWaAEyq0yQDIblulIysd+ViXnBrryH9SQ0ZH9ovXTkcu31eJvlsGa6Ythl"
    "NUsobD6UiGj/KXqVZWXp09+clcB9mSeIZE9otmVYaJcpJVzUnm+n6tw7jHKtpVN4IaGqjp"
    "kD6PHez35RQzeN3Ls63g9ZBSRrAygpURXCcjWEWgr+OjW4Ui0Fs5EeithLPIMd2ZDL5BeU"
    "UzbKQZePV8vZVxxEVkDueJa53tC+OSXXEWMQ09xXWcHWa+ljh8mHlo2WXay0kQqXLi6zZ+"
    "Qc17xedYjvcTkW4sDCqVCrCWeNY2GruGSQ3MGoY99qiboyLuLWFMpSj1gZGVrdIH1ly5Cv"
    "3vIVMBLaBhNv5QOr7S8Y9DF6yvju8NRQkldCVQQy2/dVZEEWWlMjVRce/H81lRFXN2HMCI"
    "sqDjPBG2WspmmiYEa9ih37Q+FEL8Qw7iH+KI28TM6NBd7C4SXG/Uu+fLVhnrRufyqnfdBn"
    "CyMPA9vuz+1u0PbrrDNpigR2QSC9n3eNj9rdf9yi/a6NFAT/xacMX73dimvUpPwzYcjalw"
    "xmNKi50T1hgQZ2hRYblYa42Z4L6aK1CtDqs2nQ8G/ciCfd4bxTC+uzrvMuwF9KyQ4XH3SS"
    "uZAee4rIuI3iMPelT2gMCvrhwt8ip7s1xTQfn5lWP6wKiq7M0jzt4M7/0iQqNTeMhzX/Lj"
    "lyEyIfXjp9PxDkVhV0Mx3BnzH/sk/DpcXYM0I6Q9dLeZu/FdtNzGzNYBFhvJAaa1AH0O8Q"
    "zxPeggBgg/GjbBC4TpTw7wdEnwiGzepG2x/9zccCixl8md7kqqc3NUwe8NZgMij5JcV81/"
    "hiitPxQvqXjJas4zdeYlo+OxMDsZFasyzVAZXzmzOm1imnwVkrdXw5LKWpWwVjlwxE3p3N"
    "mu2pDITr7aamqoB/ORM72ByAZZh2UUOxDDk+tQsniGZFTUenJn0keDuI7mq7aS2GaIq26b"
    "nID5yqVRaM+kO3C6tMJYEYf7RXS7KaG0maA+E65iYw/Oxq7Ilh1h7QT1HGdn3QhrWDnajK"
    "o/tsvC9bd1dTWFNzoZbgY4rk8dHulq6gYbgc5QRDMcCzm6WRmIR3jteuKdrpMWgFtYt8pD"
    "tmlaDnEAldra1FsP05w+wUKZ4+9ZFdlbtLd4KRXsrZwqx6FG1NipohI693uk0AP7tHR8N0"
    "fGBrKHw5rpZ2RhUcmJq3EzHLA+2Aae9D2+GFyPuv8eaTediy9twECn6DvVLLay3ePbL71+"
    "vw2cB8M07/HXwfDLx/7gaxs8EftharJeuk3LlR4jSw2aFdGcwVAFAjUcGK1CA6OVMzBayY"
    "ERfrMEziPWX9JxjokdcGg8w2rOB1G+r2u1lvQH15+C4nEHWCwmlgEzI7bUhs9hmfoloZTv"
    "P4e2PjceUcrMn+s8D4spz7mM5xzx19CpNOJRQYW5BOYIz7nWkh6Okwt6TFKhLoG6a022tN"
    "KikspKq4qVFmAUMtP8t1+3OnnC0psAhmWUey/hhV5YJvtoaT90REz59pVvX7mha+CGFnPl"
    "4bwdFZ1TN6IaXlIioA7ZAjfsXYwaqZNsGb66gv79ak6rBbprZF3ZIc+KwtmOOVYC6hGc1a"
    "gfpwVHlIFS/QIj9puOxjEboimyER/sWd7JdYnmRjelZkcKb8xN6wS5YT85YEwmS2Bg3XRZ"
    "IQAx4Z5KIKoF4yXgrwZefPv773+JP3/8+PbSSyibIAthvnecA2Y2tObJbLW9PSXVrRqKQV"
    "mhMdGUi1W5WI9oQjpS472IizU+KBNNn827p4juy+PxfFu97sXvqjJQlG1fcURV3L4iTCpk"
    "gUoRJirCfM8R5ioxohiumxMjnjEAl7MoWVauz7Bssm+pX0xq1xUm1AQOYXYkpGBqmBRxrL"
    "m5ye4Ag5uhwG9X8CcxMGBGFWI9dAm46TKGDsrfgaWk+lOt2VXH51+u7Fdlvx7HfFVj+9Wf"
    "ggpHQsISTySpkp16VsRMPcu2Us+UkaqM1GMwUpU9pfKglbovr+4HVmyWyh+ycjep/SH7uu"
    "wsvFVXw+5izC4qHVvp2McxSdRYx/bHYqLFM0+mWwsc7li6fTZtyQfTOWjxmIZnzkmKKwmV"
    "4LI5wWVK7EXaDFUssXEtfcD8LZ6DKLkUiAQs1rZM8h4zKNjf+tx7cdkmKHLoSvaRK4kDV3"
    "hUSRL97LS5oHwtshMPnTG3QI7D1D6pMxTDMmpnzu135nyEtsGRkAI/IqTOsCy9UYTZojEz"
    "gn1aWrhpzrBISKrmKb95vLlHZn0IiaiUavmUar7DAabS583F5WqxOu9b9WQ6JXVTJp1iqu"
    "da+oD9fGLDqbTueTnsfGQKp5C9x71rzTtfrg0MrHkHzN3jzs3NcPBb97LND7S2ySOa8GPo"
    "fu1ejPg1G/2JeGozvzbqDb1L1LC9ZOfn32RjzOz5B/4CibbMTR8Oi6ncYYncYeVuKnubc5"
    "cBIr1vfFhIQao8eHtAVHnwlAfvaD14yRm2BFhrnpkbWVQyUnP35hkNGULiaDamnjLwHJqi"
    "pF9BvBwR/m/BdrsQNQ69CrdpwM1ew+dpPo8JibmJE19r80TUIPunHUteJbZonge0TGLvd4"
    "VVG/qFxOiLxiLTuU3c2TylipATOnWksutauDlWCaSZbvIL17aZwZt/LmGyUDPPYa57xTXZ"
    "YwpHcwQIRsCXB2t5EeP6QkDVDB8w+PIXkZnpdS3AEGU3WSPoyAEGTUbM7uMB+R798FFnyq"
    "2v3PrHscbV2K2vjiw8GC2oDs97LneD2pKublNbgFHelnRrbUb+3MSooOLAFE+rSMXjQlTl"
    "riumtjLkl2Jqq8DURuiXXaGVOZrraPGNK0Jq24XSMS6y7cIzZgx9sqF49fR8Ie9uc3O20G"
    "xVcF+5Qq7vPkHTKdIVuajIxWOZKI7UAi9CLkLRa6XCb0Mih4+7rRHl5U+DCeSLxSCupavM"
    "7DY6fXEwFzRN8nSPL7vX/9sGE4SXcUfXM6S/KIZEMSQVR5RrTJJ4hkRUB1XciOJGqmtXyn"
    "EjgfWkYtjyMA1Nf1Uy1KMxWWnxSvGgrZxYpUiAVfkWuzLLlVl+FHNCjc1ydXTwvo8OthFr"
    "MoNKnmEblarf9oR7gVoni4VBNWcOZaCOStUP6vKj18Y2U/2kcofXEvXbr2Y/s4bhPGzL2A"
    "WyVZ6hG4KtE1zdVfeyd3fVBgs0MdzFPf7c+/S5DebGbH6PL4a9Ue+i028DJksNHZrb8Hnl"
    "JwMfYVo3sRCW1Egbg5vudRtwyeLZ21fd4Sd+ZYHsWVVyt1Xqq+JgK4moIg0PTxqqJM0DJG"
    "mG7R+++8eOB1gORSXHpylmgb3ryZVFDgiVzl7dNcrqqJJX4x8bz11NSw6OprCmZKfGE1hT"
    "s1zLS2H16JxcPtgfOClE8HpIZTPA9rpMgcNKJ0g3+PvzA1RgcKgoILb32/tW4H9rG6DvrD"
    "pzKZJOyVSkktInws9jYbCmnVJadvWKka6AAtRUjLRipCP6WTDMtzWuw/KVZkB8g3plTwfm"
    "dGBMV8N05uxoakJw9vaMIZE6sH15Y2sv+zOmKQ1F15pU4R2WnuNpCwnuwlNrpCOeYmKKEl"
    "KU0J4RfebExdoMfkWz/XPO3K1mpy39yN1kcNaOMMvuXXakOKcqSJvhDtZ+xRtvAjimJR16"
    "e79cNuxXMm6kUGH8cjOPB/vTL1BsmzaXjsl3TjpNXJvXAJ6I/dAGCLN2dNEEGNijo2yIHS"
    "/HKWCofBJLnFSMEZrkbNW2h4dsJsR+D7mubRdrcEqDM9kUT6Z4supNWjXmyR4YpOkcWXpb"
    "B+WrzIlVJsLNgkuTwBR8s7NVQyIqW3WHbNUjDK3yllzJRaPxP3fdOx4o5Unf4+Hd9XXv+l"
    "MbsJUVsxa5x7d3Fxfd7iUv5Li6ztZqXu5jp9fnl6bQMPnvy27nkue6wqoEW1GKFlbafsqZ"
    "50OGRQ53QuTrfU1OJR8PydtrC1DjYocD9sORALtWYSX1pohgDdWmI1GTAkxy9SST6A9bKc"
    "cRwRIauZqESZ3aeCyVYhMRqoOjMrawF0pLeJOTlvAmmZaAbDstdjLbF7wSqAPAh/YETw1s"
    "OPOtJq+YqJq+qjx9KcepcvIdBNUynHzPw9x3vyPd5V99Dqk+/yLCaxM8frJQM4/VR0Fxbc"
    "zLi6DdZqFQVwx6E2ZXEQaXvnzFHuSx6RCIijjRvqobmGTmgCfoAIey3jYBLusAdkp86+51"
    "3uN7zH0DDkPFl3LEUS4z1uJeGWBQ8MKgDoDYeWI/eR0mG0ovvZocgAmdszdi9yd+Gecef4"
    "O6jizW1781PQ8CcVm14vX4z6lhO1QE2nqvcwJumIHEXmu8ZM9G4MUKXufEWr7MPhpmPUx5"
    "U8S3bfw9TFcrn4PyOVTUeK6zzwFJWVh+8Rp6HPaS8x3MsjLEaUjkcPzePmEumeJTqrVSrZ"
    "VqXUy17pNZrlbN7xdUqE2/6EZVesCPHISmyfVbiEG/fwWeDDpfJ3j95ADLJguLNgHTVbm6"
    "yZ5vGrp3NCHfJsemIoIFdCwL4ckrwlbepHq9x+cUCZsJRUMqJVYpsUewDtdXiVXHHB7umM"
    "OcHKa8vc9ykpfKchzUbOsznryO9aW2SIkQ+GgSmGE/RMViUE+53BH26hx0Lwd35/0uuBl2"
    "L3q3PT96aTU5iZv8ErtgBBHLnX4MagNbLmXL/QNK23Uh01SLi6k4l7itRly6FbIJOQVtHF"
    "qdpOaIZE8MgcAhp4R9gbnn+UAYQjLr20qgDj7xA6xtRxgRKsI1HUfSHGqIgM/bWz/c03Hu"
    "cXc4HAzbYBVG8cxHmaj4j0PGfwiVQerIpLWEOiN8+xB0T6GQ6eZrCdXP5fs5+3ysw1TPxz"
    "khJoI4g6cPy8WAHzPBfU3vqyuHxf58MOhHsD/vxcG9uzrvDl+8eRlVWpRbpPZbNRyRDa58"
    "TVXwNVVir4aK9tojPqj3ltoILrqPKP2k3vDtZp4rzxEFNbQqWSj13UaWCZdg7E6nyAZjNG"
    "ftKHxpt7dd4FXZBn3o0FfiFV71LpmI4y6Qw/PVIV6KLPa08LhSa+eBcj26uikyeQDkvym0"
    "KaCEnICBOQE2eWJ3bQQsEc/2i3iY/3jDAWPCY+omoroL02CP5JtLIvDNQX99a4KnuaHPWf"
    "ssxqy3AATZD29c/sR+PYrSBAMejEeecBsYE8cLrEMTAHWbcOvPK++w93bZ61Bkmuw1vYtg"
    "Tp7Agn/U+mRuz29JuBfSYfcmqEioHXvZ3U5IPjdm2aRnwcgUf5Dt5pLcf1jKf7Vap6fvW6"
    "9P3304e/v+/dmH1ytiLnkrj6E7733iSllEeQu0tGx/JW8qKfh9gdrwoQfBX6XYp/BIp60C"
    "RNJpK5NJ4rei4PJeLkNtBOVVcv0OzMZxRTwcdIavb8BD1Y39qoy4mhmmlbScKhsF6VlGtz"
    "z0hLdQpu20KlHEfHLChQtZUCYzXzwDAswMZiQwYyRmOnhVMyPBsyHSTSX5argR8wVZFECL"
    "20BTmyxC5k5gzXBDiKcHLZgdxjeWWLZXBgmr07N1+H3MarWBMKeYGSMSkJrAIZ6R5S54EV"
    "1YTEwqarF5knNjwpOR+D5y4e/cYcv+ak2CVTgqo+RgSt7lNGkLJSylzJTiZkpiMZKZNTcv"
    "XAOMRoT9s/dlqwoDofRFa6eF6Csazwl5SFuBglu5S89TqJA6rlvFrlfCklOx6+WYcq4tFW"
    "nmF68hH9V6XTTSLDfULLnBjVA2ZXiptYRipnbZ9hGxeUkqIWMtUcP+XX4uhnAToRTtPC/C"
    "Zi10wPCaYL1W0TX/6OiaY+Pb6mC5ZODNxNg0YBtox2NcfQPm0qtueYSzdBbwux7oWsQkXM"
    "GWbRqGkd1oImqTcOlCqdpC2fF2FaJEbPnj1/WLCGTwYu29zYP8nWdF/ATrC444hpMX+pOM"
    "0/Ozy6xc2a8VmMGbyn5V9mvSvJJR8lcCSscvoOOPySRlg6bstIWgfC3APXTWAhsVFnsDxP"
    "CcpNhVmS6PhNxWfo+KpYyUnbDqqyZbLRBxWbX5bZU3v2Uam6SlvJZQcSmKedgzooGtJAdp"
    "VEp1U0XnPEdeT8gVvCOwIc/zcXbYjdBGR+xmbP0jIXfE1T95sqaYrhfqKkX63djk0Zgg+4"
    "JgjHT/2xOEWkqpZh6nZvnlOSphgY202tc5U1UFq8UzeigBtgjUg0A8BAT1ngAe19e56YEH"
    "tOTZRw88WM9B0ESJc7/KqPMev2Af+7POevTPnqdNG5PvfP9uUa8Xpmci+Ii8rCMH2fzK2K"
    "XB0aNiu0X2bP736okZ3Fw4IYk3hGNBb9iIVtkpPUlRd4q6U9Td7tSd+D/R3tnMXVC+FtxS"
    "7GilVqGjlVo5Ryu1EpEn2clmm/c4OobEs8bgpnvd6WkXg6ubzqh33u+2AbHYrG+wD1lYkB"
    "rsde5x53r0eTi46V202TpD5zaxDD2+vj1PwtoYOkiTDMAKy1S5cSoWheW/tia9tVpCsA7b"
    "8RxiizWdDcVtZ5+VcJV7eGPEZp/rUdvPVrnHd7fdYRu4DtpqX7Xyj82NqL0yi+xKqMrwV8"
    "ZFxiwdTTcsZndQ9F1qj6+kZB0ml0N7zTiKc0POCRyWqQPme92i0STM8E6imxvmuZJRm6hJ"
    "hHmSJ4aKpGMgLLMD81CxDq2cV9VBVPlZDu5nEYO6BFjvfGX0KAf/RlDDU1+V/AEdd2LQzB"
    "3TQnebefw/5OUk9kvLhnff+3UpQlwR4ooQ350Qr/5ubPuP9zvwhmxw5VctajquJfbFjjzf"
    "QULlkyMU2mzR8TCSADkmVkMeqnxvgo+Z3MlYESHVoTd36IkxnSYBztlk0C+vTk/YPpPbsG"
    "S6tFe6fqxe+X3ZstGjNofOXAbeiFANJ+byYZZFWIErCa6Wud387QKaZqb6HJc9nB79Zr9K"
    "9Gnr/buV2sx/5CnKt1edfj9VMyayXHRYRnHRiotWXHQNuGgxqBUXvQHU8NQXwZS9ALi+6/"
    "efjYxGtqHPG2lEtHenmUtCr8tUZuu/f8rZEDumvmazy5nqUrZOmq0l1UEtbZ2dFYmAOzvL"
    "joDj92IKlCVltvrFa4jum0LxhW9y4gvfJOML2RNp6s4P2VRMSERtrCdJxyT0rkMuZj/+H4"
    "Feovo="
)
