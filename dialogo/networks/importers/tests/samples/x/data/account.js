window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "prensa@movilidad-villaesperanza.example",
      "createdVia" : "web",
      "username" : "MovilidadVE",
      "accountId" : "1500000000000000001",
      "createdAt" : "2015-02-01T12:00:00.000Z",
      "accountDisplayName" : "Movilidad Villa Esperanza"
    }
  }
]
