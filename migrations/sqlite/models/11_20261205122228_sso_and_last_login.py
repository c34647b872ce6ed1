from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "saml_assertion_seen" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "assertion_id" VARCHAR(300) NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "tenant_id" CHAR(36) NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_saml_assert_tenant__d015d9" UNIQUE ("tenant_id", "assertion_id")
) /* The ids of SAML assertions already used to sign in, until they expire: one presented again */;
CREATE INDEX IF NOT EXISTS "idx_saml_assert_tenant__fe38ac" ON "saml_assertion_seen" ("tenant_id");
        CREATE TABLE IF NOT EXISTS "sso_config" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "protocol" VARCHAR(8) NOT NULL /* OIDC: oidc\nSAML: saml */,
    "enabled" INT NOT NULL,
    "issuer" VARCHAR(2000) NOT NULL,
    "client_id" VARCHAR(500),
    "client_secret_ciphertext" TEXT,
    "saml_metadata_xml" TEXT,
    "email_domains" JSON NOT NULL,
    "default_role" VARCHAR(16) NOT NULL /* ADMIN: admin\nDEVELOPER: developer\nREVIEWER: reviewer\nVIEWER: viewer */,
    "role_claim" VARCHAR(200),
    "role_mapping" JSON NOT NULL,
    "password_login_for_admins_only" INT NOT NULL,
    "tenant_id" CHAR(36) NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_sso_config_tenant__ac582b" UNIQUE ("tenant_id")
) /* A tenant's single sign-on: one identity provider per tenant. The OIDC client secret is kept */;
CREATE INDEX IF NOT EXISTS "idx_sso_config_tenant__ac582b" ON "sso_config" ("tenant_id");
        ALTER TABLE "user" ADD "last_login_at" TIMESTAMP;
        ALTER TABLE "user" ADD "sso_subject" VARCHAR(500);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "user" DROP COLUMN "last_login_at";
        ALTER TABLE "user" DROP COLUMN "sso_subject";
        DROP TABLE IF EXISTS "saml_assertion_seen";
        DROP TABLE IF EXISTS "sso_config";"""


MODELS_STATE = (
    "eJztXWtz27aa/isYfakzo7ixE6dZdefMyLbSqrEtr2w3Z0/VYSASklhTAMuLHU03/30BkJ"
    "R4FyGRNMXgQ1OLxAuSD27v/f2nsyQaMuzjvql/QqtOD/zTwXCJ6B+xO13Qgaa5uc4uOHBq"
    "8KbQ1JVHv9HUdiyoOvTyDBo2opc0ZKuWbjo6waxxHyyhutAxAqqFNIQdHRrHYISNFYDg7t"
    "f+69Oz94DMgLNAwEa0jQN0Gzwi0/mZXzMtNNO/gpmONZtfsMjzMXu0RlT6bB3PK32Ki/W/"
    "XaQ4ZI7oZYs+648/6WXaDn1FdvDTfFRmOjK0CKK6xjrg1xVnZfJrDw/Dy4+8JfuCqaISw1"
    "3iTWtz5SwIXjd3XV07ZjTs3hxhZEEHaSGwsWsY/rAEl7w3phccy0XrV9U2FzQ0g67Bhqzz"
    "3zMXq2ykAH8S++fdv/xXCzVTlJvRvXI3uFeUTmKE2SvEhsO/pBLMZoeOHQbUP9+8fjeA8K"
    "sd9oCLX/vjo7fvX3EIiO3MLX6Tw9X5xgmhAz1SDvoGZTqWDBMFOkm0L+kdR1+idMSjlDHk"
    "NZ/0OPhjlxEILmyGYLNIAnAD+CoAvEM/UGNrwB/7nAG4H14P7u7717fscUvb/tvg+PXvB+"
    "zOKb+6il098saL0PXv7QvrTsDn4f2vgP0E/xndDOKjum53/58OeyfoOkTB5FmBWmiaBlcD"
    "1GjLzajz/yfG+2IBrfSxDtrHRpmidYjjuoRfFQPhubOgP0/evMkZ2N/7Y764aKvYaN34t0"
    "69e98i+Hr7oQjCG4pyMN6+e9WH8PsiAMdXQwjf93F4vSNIWUB7IYJxjKyFk/n9uwJQv3+X"
    "CTW7FYNaJayPBMq/3Y1uMlBeU8TPBF11wP8BQ7edAwQ6B1iGRWTjDwA9uu7/O471xdXoPL"
    "6jsw7OY8Ab0HYU197paI7TlnA4+9vHAYxGk87iAJPcw9hCT+Rxp3GOUspRbvIoB+zydKWI"
    "STYJwj2EnMMZ360izQZZB2GIHUFUI0Rlio1JSOvkvHZHlMnhs8dUGdHDKonuR2IhfY4/oR"
    "XHeEjfBGI1TVDwtSP3644OEtXN1c3zLfi81l1EJxX9fPrRyPGY0v7dRf9y0MnYEkrA9sFG"
    "RfjXZu4AW5FNbIIRdOlbgJuHq6sOn8VTqD4+Q0tTItOZ3SGnJHZl3TZ5a3m6jF+BGM45Ru"
    "xj2Kv72F+RuY4/Qt1wLdRJ0QpG7nfzdIMGa6nMQk23agg/L6ADVOJSRAGcUwxtB0DgLCzi"
    "OAbFHjyiFTiCGECVtwLEovdVQ0f0b3qA0W3AfgV0DHTawTOdB+S5l1AQVvGQCYaOg5YmvU"
    "Jb+99sdwGkjzDNH3Wuh3RWP/pPQcfmCthwZUvFYlPOjK5ULErFYuRI8+0aRTUyfvPWqbze"
    "FlIqvs1RKr5NKhWDHTIJ8BA76fiGSWIg62UxYsml86YqjOfsDV6fnrz76d2Ht+/ffaBN+F"
    "uur/yUg/rw5j4GqHcOKZSzsnbbqVI7aOGGdSAbVCE53CAqU5lQHkU3hPVqMVqpcWnaSCek"
    "2JcRCO7g0ujbVCJj+N8hhDspUkGyUa5oYNPmCgzaK3ZAsFVAuF8goGs2s9/f9a+vwLoPym"
    "cbjBVZAaYrBg4BNhU5KZfeBXyKM0v+CqCvpm6hHiCY2/ltypXTxlwISIgJ1T1qgnXaB7CQ"
    "acAVgFhjDggWmrHusgSCP0Kaiw1wlKH/U4oKUlQ4iJO3xaJCZEUKyAxxuhaacSsRH7zN1d"
    "5hlUUpW7jKDmRVFeJvpTVEWkNqQbUMa8gLcefItr1vTvLk/q18TjzUaBv3nY2q1GA3YJ1L"
    "tlSypdHz8y9HF+FG/eat02CX70ko+c/vgv+U3mzfwyhLKaNsLzbXRpYgniGSatFsyjKRQl"
    "sThLb4rC0B1YLOaw2dqltBDS3URsnBNrkgeKbPO2mS8PpmN1cWtgn7/qBdgXhWb4b9YAOb"
    "Qmsgbgh6TbBn9QmcvoBpkSf6wwIm/c8jOQbMvDQaXl4EjmXRUNSENarCZ02wjaCBNHDEXN"
    "VUOt9/9KOLpuTrsbl6xU1UGD3RHg0En5Dtx85a7MrUdZgvHLuiQsNg5jD2t0PZHzzBCGsm"
    "oZNpq1lLmrGkvuAwNsoW6wvo5uEQOpTpSoMBdpeJMzAW+Lmhb7Ipq8M2Q7px6po6wcy43w"
    "PMIyG+6RbRLXwooFr4kKlZ+JBQLGCGRMoWd04I3XtxhlJhQxWDfUq80agC9/WVene189Ho"
    "KrKezof3MXwfrs8H46MTDjttpHscStJpTrdtN43ny1aRbSiaPL931JOdvilkq2XNMme0dz"
    "MKs8d1CJrGI0Q7gd0wlUkU67NCUJ/lIH2WCbTPvam6SbksB31NOcPv6dVc3FP7aMMw5B3X"
    "g3/fR3aWROzz+rS+Gt38EjSPB0THgs6Zq9sSOZDzWl+XKYdr9mCkEstREB8FtIS6oWhkyc"
    "J9kiOQnQEgQVh/IoCQPDF1dcOhL3LMnvcSIkUl6QH8D1AsyuLsynrG+6jveO486ejZ4wlE"
    "WND+5fXwpgegtmQOoZeD3wdXo9vBuAc0KmgbhIrvEzwe/D4cfGYXLeQ9ZYKDK6GnvngOEw"
    "a6ohpQX4qc8FGqNuxqCXaqGDeVx0ylQr2EpsneQ2Afi9M1Yxtjj23NNmZC234mlqb4ga/E"
    "UvjqthXCtAWJwcoV6bZ3JiU9AUlP2vikUaoWVA/Xk9AHPsV8shmSbNtJKDpFuhFKs4A0C7"
    "TILCAzbG5kp9NCGTZPczJsniZ4ettwU3j5nNyPfnvpqBnDNumoybpnHgsiiQYiNPVlGjg9"
    "qwrjklMNmMTQ1RR5Jlv43FC8qNhJuZfjwFHi2OdtAr2R94qtkUUNfak7QorODYVUDZQyHA"
    "0J3+fuaClMfeCmls3SB/5w5TL04UB2rlyXrj+Sxz8UXrC9PL63FAWY0DVBC7n807MijCht"
    "la25P0uworVKUY02jFQiRK0V5qKZ9BOELZzQJ6dF/NRoqxzEE75q+5hr6zfT7uAl2CYTrW"
    "4rlIXTn1JGLNcOFaGr0eQUsFYHa3GiwNkunSJ89oiDHqWVtj4B5FkYh+1O/0JqCgebo1WL"
    "krXv2K3E5ZCX5/Bs1DvW9ggTy0DZJgfKyrIPQuMryz5I94SmoSrLPhxw2Ydw0TietSlFwX"
    "/uU378NEYGdPzUTul4hxJENUPi2hvzb1Vq0vtMDoJORrat0N1ubsXcaLutQcYjzCvQ8nhe"
    "dQHxHLGMtBADhJ90i+Al4kHBnpAGnpDFhrTHY3AXuu0Qa5UskVtSn9vddf7gGS49Xf+ma/"
    "YzpCv+Uyr8pcK/mftMmxX+0fVYWO0fJWuy/q4xTii6zcJSDHYKiSuCwpRSDSSgBmLAETdl"
    "cucGSQQkezlBNJNDrc35hPINRDT/U5hGagdieDIeShTPEI1MqJUsaf6kE9dWfNZWENsMcj"
    "ltkxswO7kUB1pz4QmcTi0xlorDahHdbUsobSdoz4YrtbG1a2PXypY9Ye0H/RzmZN0Ka5g5"
    "2o6qv7bLwvX3TXcthTe6GW4HOM5P1Y90M3mDrUBnMKIZhoUc3qwMxCN67Xbinc6TFoCbS7"
    "fSQrZtWw7pABpVE907D9OMPsFBmWPvWTepLIyCv5SMopBGlcNgI1psVJGR0hsX5kLehic5"
    "3oYnSW/DR/pp6fhudzkPaGvMDGZaZOnn8hZwO78dj+gc7AGPeoIvRjcsyZ1y27/41AMUdJ"
    "aOUTHpyTbBd5+GVyx77aNuGBP8eTT+9PFq9LkHnon1ODPoLN1l5Ep3Pnd0JytUIENDFRC0"
    "cGFUkhYs/GYJnLPzS8bIalwaL3CaV5JYUqXAzImV4v6Wk9o2RNM+N/Py7efQUhf6k3BW7D"
    "CZtJyLWM4Rew3VEUY8SigxF8Ac4QXjWtLdcbYkf49QStQFUHdNbUcpLUoppbSmSGkpgSz+"
    "229GnTxj4fpkYRpp3ktYoZemQT9a2A4dIZO2fWnbl2boFpih+V5Zn7WjoXvqVlTDR0oE1D"
    "E94MbDi/tO6iZbhq2uoH2/mdtqgekaOVf2iLNy4HzPGCsO9T2ct2gepzlHlIFS+xwjqg1H"
    "Y5iN0QxZiC32LOvkpkV3q5lSsSKNCxTA9If/BxtMibYCOlYNlzYCEBNmqQS8WzBdAfZq4O"
    "jLP//8i//57duXV15AmYZMhFlSRhvMLWguktFqlT0l1awa8kFZo6Ep0sQqTawHtCEdqPBe"
    "xMQaX5SJoc8pOJMkrcri8XI5lCuxu8oIFCnbNxxR6bcvFSYNkkCFFCbSw7xiD3MZGFEM1+"
    "2BES/ogMu0KFlSrq9h2SbfOn4zoawrlKgLbELlSOiAmW44iGHNxE16B+hMDAX+uIK/iI4B"
    "FaoQnaErwESXKbRRfgaWkvpPlWbXE599uZRfpfx6GPtVi+VXfwsq7AkJSyz10yQ59axYMt"
    "KcXKRSSK1kw5JCqpSnmsaXyjjo74/dD6TYLJY/JOVuY/tD8nXZUXjrqYbd5ZRelDy25LEP"
    "Y5NoMY/tr8XEiGeWfNwQ1FfvscqhLbnio42WT2l45hRTWFPIAJftAS4zYi3TdqhigY0b6h"
    "rjt1gMouBRwAOw6NhSygmmUNC/1YX34qJDUKSaUXYto0QlI+ZVkkQ/O2wuaN+K6MS6I+aW"
    "yLYp2ydUnDRMIzNz7p6Z8wlaOkNCCPwIkSwOW/qgcLFFoWIE/bQ0d9OcZZGglMNT/vB4e4"
    "/I+RAikSHV4iHVLMMBdoQLOcbpWnE6V816Up7ScVM2nWKs54a6xnmuWXAmzHtejvsfKcPJ"
    "aSd4eKN4hRt7QMeKV7lxgvu3t+PR74PLHqsUb5EnpLH6jr8NLu7ZNQux0nDetfvh2Lvk6J"
    "YX7PzySTamVJ5/ZC+QGMvc8OEwmYwdFogdluamstOcuxQQ4bzxYSIJqbTgVYCotOBJC97B"
    "WvCSO2wJsLY8MjdyqGSE5lZmGQ0JQrw0G2VPKXi2k8KkX0O8uifs34LjdsF7HHsd7jKA26"
    "2GLzN8niYkZiZOfK3FAlGD6J9eLHiVWHx4HtEqib0/FdZj6Dfiqy/qi+wsLOLOFyldhIzQ"
    "qSuVXlfCw7EOIM00k1+4lkUF3vy6hMlG3TyDueo1V0TLFN4vECAYAZ8ebOi5j+sRh6obLj"
    "D46mcemelNLUARpTfpIKjIBrqT9Jit4gH5Fv1wqTNp1pdm/cM441ps1pclC2tTC8rieS9l"
    "bpAp6dq2tQUY5aWk23Az4nUTo4RSByb1tFKpeFiIyth1qaltjPJLamqboKmNqF/2hVakNN"
    "fB4htnhGTahdIxLpJ24QUjhn6xIH/19Hgh7253e7TQfN2wqlgh1zefoNkMqVK5KJWLh7JR"
    "HKgEXkS5CPmsFXK/DZHU73fbIpWXvw0mkC/mg7ihbrJmt9O/4oW5oGGQ5wm+HNz8bw9oCK"
    "/ihq4XCH+RGhKpIWk4ooxjEsQzRCInqNSNSN1Ic+VKMd1IID1JH7Y8TEPbX5ME9ahPVpq/"
    "UtxpK8dXKeJgVb7ELsVyKZYfxJ7QYrFclg6uunSwheiQ6Y5gDdsoVfvSE1YCtUqWS91R7A"
    "UUgTpK1T6oy/dem1qU9ROKHd5QtC9fTTW7hm4/7qqxC2ibvEN3uLaO6+quB5fDh+seWCJN"
    "d5cT/Ovwl197YKHPFxN8MR7eDy/6Vz1AaR1dhcYu+rzyg4EPMKybmAgLcqSd0e3gpgcYZf"
    "Ho7evB+Bd2ZYmseVNit2Xoq9TBNhJRqTSsX2kogzRrCNIMyz8s+8eeBSzHvJPD4xSzwN63"
    "cmWRAqHC0av7elkdVPBq/GPjsatpwcHRENaU6NR4AGtqlGt5IayeOidXH+wvnBRF8GZJZW"
    "uArU2bAsVKNaTq7P1ZARUYFBUFxPJ+e98K/G/tAfSVdmeseNApmfFQUueZsHosFNa0KqVl"
    "dy810g1ggLpSIy010hH+LFjmuwrXYfpGa0B8gXotTwfidCBMN0N0ZtrR1IDg7PSMIZI2aP"
    "vy1lYl+RnTmIaiZ00q8R5Hz+GMhYDuwmNrhD2eYmRSJSRVQhUj+sKBi61Z/FLN9v3U3G3m"
    "pC295G7SOWtPmEVzlx0ozqkM0na4g7Nf6o23ARzjkupO75erDfuNTDspqjB2uZunB/vLb1"
    "AsTZvrTMlXpnTSXIv1AJ6J9dgDCNNxdJEGdOypoyyIbS/GKdBQ+UosXqkYI6TlpGqr4CHb"
    "FWJ/hEzXlosVOHOCmmxSTyb1ZM3btFqsJ3ukkKbryNLHOmjfZJ1YYzzcTLgyCEzBNztaNU"
    "Qio1X3iFY9QNcq78gVPDQ6//MweGCOUh71BI8fbm6GN7/0AD1ZMR2RCb57uLgYDC5ZI9tV"
    "VXpWs3Yf+8MrdmkGdYP9vhz0L1msK2yKs5XjoKWZlk85sz5kmKS+CpFvqtqcSi4PycZrB1"
    "DjZPUB++FAgN2wsIJ8U4SwhWzTgbBJASa5fJJB1MedmOMIYQmD3EyFSZvGeCoUYhMhaoOh"
    "MnawFwpLOMkJSzhJhiUgy0rzncy2Ba8J2gBw3ZbgmY51e7HT5hUjldtXk7cvaTiVRr5aUC"
    "3DyPcymvvBV6S67KvPoaMuPnH32oQeP9mom6fVR0FzZcrac6fdbiFXVwyGGpWrCIVLXb2m"
    "D/K06RDwjpiifd03MMjcBs/QBrZDZ5sGXDoBrBT/1v37nOAJZrYBm6LiU9m8lMucjrjXBu"
    "gOONIdG0BsP9OfrA+DLqVXXk82wMRZ0Dei9zW/jT3BX6CqIpPO9S9dz4JAXNotfz32c6Zb"
    "tsMdbb3XOQa3VECirzVd0WcjcLSG1z42V6+yS8Nslikbinjaxj/C6mppc5A2h4YKz222OS"
    "AhCctv3kKLQyUx38EuK6I4DZHUp9+rEuaSVXyStZastWSti7HWV2Sey1Wz+wUZasNvupWV"
    "HrGSg9AwGH8LMbi6ugbPurPYBHj9YAPTIkvT6QLKqzJ2kz7f0FWvNCFLk2M53IMF9E0TYe"
    "01oSdvkr2u8DlF3GZC3pCSiZVM7AGcw+1lYmWZw/rKHObEMOXlPssJXirLcNCy1GcseB2r"
    "K2WZ4iHw0SAwQ36IksWgnjG6A5zVOehejh7Orwbgdjy4GN4Nfe+l9ebEb7JL9IIeeCz3r2"
    "JQ69h0HXrcP6K0rAuZolqcTPq5xGU14jo7IZugk9DGoVVJaoxI9sYQENS5JVQFZsX7AReE"
    "RM63NUEbbOI1nG0H6BHK3TVtW1Ac6nCHz7s7393Ttid4MB6Pxj2wdqN44VIm0v+jTv8Pzj"
    "IIlUzaUMga4bu7oHsMhcg031DIeS4+z+nnYxWmWj7OCTEQxBl6+jBdDPgpJaxqe19fqRf7"
    "89HoKoL9+TAO7sP1+WB8dPIqyrRIs0jrUzUckAwubU1NsDU1IldDQ2ftARfqvXMsBJeDJ5"
    "ReqTd8u5tnyrN5QwWtWxYKfbeQacAVmLqzGbLAFC3oOHJb2t3dAHhd9sAVtJ3X/BVeDy8p"
    "ie0ukc3i1SFe8Sj2NPe4UntnjnJDZ32TR/IAyH470HKAQ8gxGBkasMgzvWshYHJ/tp/5w/"
    "zH6zaYEuZTp/HuLgydPpIll0Tgi43+/tIFzwtdXdDxWU7pbAEI0h/euvyB/nrirQkGzBmP"
    "POMe0DXbc6xDGoCqRZj057W36Xu79HUcZBj0Nb2LYEGewZJ91KYyt2e3JMwKadN7Giriak"
    "dfdr8Kyef6PFvpWdAzxV9k+5kkq3dL+a/T07dvfzp98/b9h7N3P/109uHNWjGXvJWnoTsf"
    "/sKYsgjzFnBp2fZKNlRC8PsErdGH1oK/DLFP0SO9PS2gSHp7mqlJYrei4LJZLqLaCNrL4P"
    "o9NBuH5fFQ6w7fXoeHpgv7TVlxLRNMGyk5NdYL0pOM7pjrCRuhTNlp3aKI+GSHGxeSoAwq"
    "vngCBJjrVEigwkhMdPC6pkKCJ0Oki0ri3TAh5hMyHQBNJgPNLLIMiTuBNMMEIRYetKRyGE"
    "ssseqtBRLapyfrsPuY9moBLk5RMYYHIHWBTTwhy12yJiqXmChVVGLzKBe6xoKRWB658Hfu"
    "kbK/WZtgE0pllOxMyaacIiyhhKmkmFJcTEkcRiK75vaDa4TRPaH/VH5sNWEhlH5o7XUQfU"
    "bTBSGPaSdQcCv36HkONZLluqXveiMkOem7Xo4o51pCnmZ+8xbqo07fFPU0y3U1Sya44cym"
    "iF5qQyE1U/ukfUR0XxIKyNhQtHB+lx+Lwc1EKIU7z/Ow2RDV6F4TnNfSu+a79q45NH1bGy"
    "SXDLwpGd0GLB3tWcbVF2Auve5WB7hLZwG/b0HXIiLhGrZs0TCM7FYRUdHCrQuFanNmx8sq"
    "5BCe8sfv62fuyOD52nvJg/zMs9x/gs4Fm5fhZI3+ItP0+OwyO5fyawN28K6UX6X8mhSvRJ"
    "j8NYHk8Qvw+FOipSRoyg5bCNq3Aty6oxboqjDpGyCKp5YiV2WaPBJ0O9k9GhYyUnbAqs+a"
    "7HRAxGll8tsmJ7+lHJugpLyhkH4pUvNQMaKBrCQGaZRKTlOpznmJuJ6QKXhPYEOW58OcsF"
    "uhja7Y7dj6JSH3xNWvPNlSTDcHdZM8/a7Z/24tPd3LL3S3m6dD45cUc91wq/rss5fNm9MB"
    "ll7Fi9bxlnQXmMgCS90wmFLHy2TzM/OWc1liQtaaBRwxBZd3DzC+lXdgo4QurbInTfDRGz"
    "Aj1rpzlkKRuOxhHIhCqb297Cd7RRxJbZzUxklt3P7auJozFzVuZKtPXeQlfaM7ruLvuCk8"
    "Q3YSrlRqmaSvSFIuPyfcrsink0voi0AvdRBSXK4F1cMNNrrlmcbHLu6kSCCbm7kCiJetXL"
    "H8dmKZ1kP8O4/JYbWBkOZnQGcxPTZ8or/XudG7gHH9rIiQd0Oz4Mz5wU6IHlU8hEodX/w2"
    "X8ANwVTMABce1wn8msms0hAFwkOOSTNU8mSvwMQezbUYZF6ZZbCEj540w1+zO8GPCJl+3g"
    "S+57MopRm0wBH0k0vY6O/AuYBHVZk6opIOSxKvO34UFX1z1pp+IM8QnyEExSSesEwUzgnf"
    "BZnp4tktP52hTB0vBaaGshdSYJIC0/eU65UePCwmVnD/6vhHVw/49BPMs78OLgeXfv5XpC"
    "Ftgj/2h1fs0gzqhpfpULgS8PsC43QSX1ahOsDv46P0BC2dYSYUKBEhqj9WInTqTF3dcHRs"
    "H7PHvsTBU0kExRLZNmU3hcYkTNOMIWHPa8+QcCOBjRz6aXOxgUlQNmN4WrVias/zu9swvA"
    "DclTjMZWcI+L7SA5TmJCezsdc7fV+uxM7hQF+GBpkXlFa4okUU7SSpRFzWNHq5LVrWNJI1"
    "jQ5wP1CZesVQ/Ep8woUZ0shlfQaBCPKZjnV7sZN+OUYqgx+aHPwAVYdYgqbyMM0ehpvDGV"
    "UBb33aKUZcZSEIaoJQIiu9OqpF9IUrxrRmlkpPme+nYEwzJ20p9WLSj7ESIL61yJOuIesi"
    "0mk7gU4c4xGs6VuAm4erq06SBysB5wcbHa4WdSuyYa4zA9QX86WLT+90p7qURZDrXcfbK9"
    "GlWCTMB1mIu4OxAj0OARbPux04wwX9HgOWprt/OwSPaMUibh5Z7m0bwRQbfxl9TvAR/dgf"
    "VTqpf/QS5ylT8vXYXL3i/XpZt6lA/+R7x9G5zK5MXYfVTgr85diz2d/rJ3a6qa5uYd82Nh"
    "C2Cb2Vw0dFxv5IV7aduSfpyrZd9VDElY3/PzHe2Z5sQfsWOrKdnBZxZKOtsj2kThOObNm1"
    "o7a7sR1CHanO6HZw0x8qF6Pr2/798Pxq0APEpLu+Tj9kaUJHp68zwf2b+1/Ho9vhRY+eM8"
    "7CIqauxs+3ImNUfv2pKbSRIphPOUzT5MHZ3aOzkqTK/msrwu6zCcI2+C3U4UWr0qW46+6z"
    "Jm7yDO/c093n5r7nR7VP8MPdYNwDri+DvbyLbITtFTlk10RNhn/HyV5+xjsq6SiqblK5w0"
    "FfhVz5kpRt2FzqdopiKC50sZyOYZo2YB6d4x8KTPEPmTP8Q3yCG4QK3kl0c83vaxppcxew"
    "uZNnioqgNSZMI20x0mIorVstsG7xRS0NAltADW99TYqt77ua7vBykp0UO0DobjdP/w9ZO2"
    "WdfbrcSmph9TgLbpAKcakQL5EVkwrxXRTiwqVLaw9LqnJcaytcGi9JlebikC06biiq0o7U"
    "WnO+YuWIAy166HgYCYAcI2uhHqp8a4KPWdoBvRXo1HNaTuiUCa3ps1kS4Owo6qD9XrHTze"
    "TP0zCtJEhaN0WmtNe6fVq98ueyaaEnZQHthQi8EaIWbszlwyyKsARXEFwl0xn4bgkNI5N9"
    "jtPWx0efVMtEvz396f2abWY/8hjlu+v+1VUqZyzjgqQuumGISl107bpo6Zx+0M7pfWTp6q"
    "KTpoj27nRzldCbNqXqn/dRN2fngkjbJlNOcX/89lMzV68K2zNNQbZ2OZNdyuZJs7mkNrCl"
    "p2dnRTzgzs6yPeDYvRgDZQqJrX7zFqJ7Usi/8CTHv/Ak6V9In+ikFnLNVsWESOrPZHfg6p"
    "gE31XnYfbt/wHY+2D6"
)
